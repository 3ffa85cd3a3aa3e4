/** Browser and OS from a User-Agent string: enough for an agent to know what the visitor uses. */

const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/([\d]+)/, 'Edge'],
  [/OPR\/([\d]+)/, 'Opera'],
  [/SamsungBrowser\/([\d]+)/, 'Samsung Internet'],
  [/Firefox\/([\d]+)/, 'Firefox'],
  [/FxiOS\/([\d]+)/, 'Firefox'],
  [/CriOS\/([\d]+)/, 'Chrome'],
  [/Chrom(?:e|ium)\/([\d]+)/, 'Chrome'],
  [/Version\/([\d]+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/Windows NT 10/, () => 'Windows 10/11'],
  [/Windows NT ([\d.]+)/, (m) => `Windows NT ${m[1]}`],
  [/(?:iPhone|iPad|iPod).*? OS ([\d_]+)/, (m) => `iOS ${m[1]!.replace(/_/g, '.')}`],
  [/Mac OS X ([\d_.]+)/, (m) => `macOS ${m[1]!.replace(/_/g, '.')}`],
  [/Android ([\d.]+)/, (m) => `Android ${m[1]}`],
  [/CrOS/, () => 'ChromeOS'],
  [/Linux/, () => 'Linux'],
];

export function parseUserAgent(ua: string | null | undefined): { browser: string; os: string } | null {
  if (!ua) return null;
  let browser = 'Unknown browser';
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = `${name} ${m[1]}`;
      break;
    }
  }
  let os = 'Unknown OS';
  for (const [re, name] of SYSTEMS) {
    const m = re.exec(ua);
    if (m) {
      os = name(m);
      break;
    }
  }
  return { browser, os };
}
