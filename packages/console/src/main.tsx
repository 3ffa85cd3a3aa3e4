/** Entry: mounts the console. The only module with a side effect at import time. */
import { render } from 'preact';
import { App } from './ui/App.js';
import './styles.css';

render(<App />, document.getElementById('app')!);
