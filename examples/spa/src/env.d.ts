interface ImportMetaEnv {
  readonly VITE_RELAY?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
