// js-yaml 4 ships no types; it is in node_modules as a dependency of electron-builder (app-builder-lib,
// builder-util, dmg-builder). The one call the workflow check makes:
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string }): unknown
}
