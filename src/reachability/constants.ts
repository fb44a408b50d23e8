/** the identify agent name of browser peers (`shoal-browser/<version> browser/…`): daemons relay for the pages that joined them */
export const BROWSER_AGENT = 'shoal-browser'
