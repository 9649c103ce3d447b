import { describe, expect, it } from 'vitest';
import { isInside } from '../../src/plan/deck-files.ts';
import { isAllowedHost, parseRequestPath } from '../../src/server/request-path.ts';

describe('parseRequestPath', () => {
  it.each([
    ['/', []],
    ['/?receiver&progress=false', []],
    ['/index.html', ['index.html']],
    ['/img/logo.png', ['img', 'logo.png']],
    ['/img/logo%20big.png?v=3#x', ['img', 'logo big.png']],
    ['/caf%C3%A9.png', ['café.png']],
    ['/img/', ['img', '']],
    // Decoded once: a doubly encoded dot is a file named "%2e", not a way up.
    ['/%252e%252e/x', ['%2e%2e', 'x']],
  ])('%s is %j', (target, segments) => {
    expect(parseRequestPath(target)).toEqual({ ok: true, segments });
  });

  it.each([
    ['/../etc/passwd', 403],
    ['/img/../../etc/passwd', 403],
    ['/./deck.md', 403],
    ['/%2e%2e/etc/passwd', 403],
    ['/%2E%2E/etc/passwd', 403],
    ['/.%2e/etc/passwd', 403],
    ['/%2e%2e%2fetc%2fpasswd', 403],
    ['/img%2F..%2F..%2Fetc', 403],
    ['/..%5Cetc', 403],
    ['/img\\..\\..\\etc', 403],
    ['//etc/passwd', 403],
    ['/%2Fetc%2Fpasswd', 403],
    ['/C:/Windows/win.ini', 403],
    ['/deck.md:stream', 403],
    ['/%00', 403],
    ['/deck.md%00.png', 403],
    ['/.env', 404],
    ['/.git/config', 404],
    ['/img/.hidden.png', 404],
    ['/%E0%A4%A', 400],
    ['http://127.0.0.1:1948/', 400],
    ['*', 400],
    ['', 400],
  ])('%s is refused with %i', (target, status) => {
    const result = parseRequestPath(target);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.status).toBe(status);
  });
});

describe('isInside', () => {
  it.each([
    ['/deck', '/deck', true],
    ['/deck', '/deck/img/a.png', true],
    ['/deck', '/deck/..x/a.png', true],
    ['/deck', '/deck2/a.png', false],
    ['/deck', '/a.png', false],
    ['/deck', '/', false],
  ])('%s holds %s: %s', (root, target, inside) => {
    expect(isInside(root, target)).toBe(inside);
  });
});

describe('isAllowedHost', () => {
  it.each([
    ['127.0.0.1:1948', '127.0.0.1', true],
    ['localhost:1948', '127.0.0.1', true],
    ['deck.localhost:1948', '127.0.0.1', true],
    ['192.168.1.20:1948', '0.0.0.0', true],
    ['[::1]:1948', '::1', true],
    ['laptop.lan:1948', 'laptop.lan', true],
    ['LAPTOP.lan', 'laptop.lan', true],
    ['evil.example:1948', '127.0.0.1', false],
    ['127.0.0.1.evil.example', '127.0.0.1', false],
    [undefined, '127.0.0.1', false],
  ])('Host %s when bound to %s: %s', (header, bound, allowed) => {
    expect(isAllowedHost(header, bound)).toBe(allowed);
  });

  it("allows the machine's own names, given", () => {
    expect(isAllowedHost('studio.local:1948', '0.0.0.0', ['studio', 'studio.local'])).toBe(true);
    expect(isAllowedHost('studio.evil.example:1948', '0.0.0.0', ['studio', 'studio.local'])).toBe(false);
  });
});
