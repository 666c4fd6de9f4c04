/** localStorage key of this browser's theme choice ("light" | "dark"); absent: follow the system. */
export const THEME_KEY = "gatehouse-theme";

/**
 * Runs before the first paint (an inline script with the request's CSP nonce, app/layout.tsx):
 * puts `dark` on <html> when this browser chose the dark theme, or chose nothing and the system
 * prefers dark, so no page flashes light first.
 */
export const themeScript = `(function(){var c=null;try{c=localStorage.getItem(${JSON.stringify(THEME_KEY)});}catch(e){}try{var d=c==="dark"||(c!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var h=document.documentElement;h.classList.toggle("dark",d);h.style.colorScheme=d?"dark":"light";}catch(e){}})();`;
