/**
 * A browser's cookie jar over fetch, for sign-in tests that walk an identity provider's pages by hand: it keeps the
 * provider's session and interaction cookies, follows redirects within `home` (the provider's issuer) and stops at
 * the first page or at a redirect that leaves it (back to the portal with a code).
 */
export class CookieBrowser {
  private cookies = new Map<string, string>();

  constructor(private readonly home: string) {}

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';', 1);
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let response = await this.fetch(url, init);
    let current = url;
    while (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location')!, current).toString();
      if (!next.startsWith(this.home)) return { response, url: next };
      current = next;
      response = await this.fetch(current);
    }
    return { response, url: current };
  }
}
