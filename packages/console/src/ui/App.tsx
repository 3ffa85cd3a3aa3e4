/** Logged out → the login form; logged in → the console. Session end always comes back here. */
import { useCallback, useState } from 'preact/hooks';
import { clearSession, loadSession, saveSession, type Session } from '../session.js';
import { Console } from './Console.js';
import { Login } from './Login.js';

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  const end = useCallback((why: string | null) => {
    clearSession();
    setSession(null);
    setNotice(why);
  }, []);
  if (!session)
    return (
      <Login
        notice={notice}
        onLoggedIn={(s) => {
          saveSession(s);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  return <Console key={session.token} session={session} onEnd={end} />;
}
