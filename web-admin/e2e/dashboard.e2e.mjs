// Browser test of the admin dashboard: headless Debian Chromium driven by playwright-core (no browser
// download). Started by server/src/test/java/dev/latchkey/server/dashboard/DashboardBrowserTest.java against a
// real server; everything it needs comes in LK_* environment variables. Prints one JSON line of results and
// exits 0, or prints what failed and exits 1. Screenshots go to LK_SCREENSHOTS.
import { chromium } from 'playwright-core';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const env = process.env;
const base = env.LK_BASE_URL;
const shots = env.LK_SCREENSHOTS;
const results = { shots: [] };
const problems = [];

function check(condition, what) {
  if (!condition) { throw new Error('check failed: ' + what); }
}

function sha(s) { return createHash('sha256').update(s).digest('hex'); }

await mkdir(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: env.LK_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({
  acceptDownloads: true, viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Seoul',
});
const page = await context.newPage();
page.setDefaultTimeout(10000);
page.on('dialog', (d) => d.accept());
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') { problems.push('console: ' + m.text()); } });

async function shot(name) {
  const file = join(shots, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  results.shots.push(file);
}

try {
  // 1. Sign in: the dashboard sends a stranger to the sign-in page.
  await page.goto(base + '/admin');
  check(page.url() === base + '/admin/login', 'redirected to the sign-in page, got ' + page.url());
  await shot('01-login');
  await page.fill('input[name=username]', env.LK_ADMIN_USER);
  await page.fill('input[name=password]', env.LK_ADMIN_PASSWORD);
  await Promise.all([page.waitForURL(base + '/admin'), page.click('button[type=submit]')]);
  await page.waitForSelector('#live[data-state=live]');

  // 2. A desktop sign-in made through the API shows in the activity feed within 2 s, without reload.
  const started = Date.now();
  const login = await fetch(base + '/auth/client/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: env.LK_DESK_USER, password: env.LK_DESK_PASSWORD, device_name: 'QA laptop',
      hwid: { cpu: sha('e2e-cpu'), board: sha('e2e-board'), disk: sha('e2e-disk'), mac: sha('e2e-mac') } }),
  });
  check(login.status === 200, 'desktop sign-in answered ' + login.status);
  const navigations = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) { navigations.push(f.url()); } });
  await page.locator('#feed .feed-item').filter({ hasText: env.LK_DESK_USER }).filter({ hasText: 'Desktop sign-in' })
    .first().waitFor({ timeout: 2000 });
  results.feed_ms = Date.now() - started;
  check(navigations.length === 0, 'the page did not reload');
  const access = (await login.json()).access_token;
  await Promise.all(Array.from({ length: 12 }, () => fetch(base + '/api/v1/heartbeat', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + access }, body: '{}' })));
  await shot('02-overview');

  // 3. Generate licenses: the CSV downloads right then, and the keys are shown once.
  await page.goto(base + '/admin/licenses');
  await page.fill('#issue-form input[name=count]', '5');
  await page.fill('#issue-form input[name=max_activations]', '2');
  await page.check('#issue-form input[name=expiry][value=duration]');
  await page.fill('#issue-form input[name=features]', 'pro beta');
  await page.fill('#issue-form input[name=note]', 'e2e batch');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#issue-submit')]);
  const csv = await readFile(await download.path(), 'utf8');
  await writeFile(join(shots, 'licenses.csv'), csv);
  const rows = csv.trim().split(/\r?\n/);
  check(rows[0].startsWith('id,key,'), 'CSV header: ' + rows[0]);
  results.csv_rows = rows.length - 1;
  results.csv_file = download.suggestedFilename();
  await page.waitForSelector('#issue-result:not([hidden])');
  check(await page.locator('#issue-keys tr').count() === 5, 'five keys shown on the page');
  await shot('03-licenses');

  // 4. Block a user from their page (the confirmation is accepted).
  await page.goto(base + '/admin/users/' + env.LK_VICTIM_ID);
  await Promise.all([page.waitForURL(base + '/admin/users/' + env.LK_VICTIM_ID), page.click('form[action$="/block"] button')]);
  await page.waitForSelector('.flash-ok');
  check((await page.textContent('.flash-ok')).includes('blocked'), 'flash says blocked');
  check(await page.locator('.user-name .badge-blocked').count() === 1, 'blocked badge shown');
  await shot('04-user-blocked');
  await page.goto(base + '/admin/users');
  await shot('05-users');

  // 5. Upload a file and watch the progress bar finish.
  await page.goto(base + '/admin/files');
  const file = join(tmpdir(), 'latchkey-e2e-' + process.pid + '.bin');
  await writeFile(file, randomBytes(6 * 1024 * 1024));
  await page.setInputFiles('#upload-file', file);
  await page.fill('#upload-name', 'AcmeSetup.exe');
  await page.fill('#upload-form input[name=version]', '2.4.0');
  await page.evaluate(() => {
    window.__percents = [];
    const el = document.getElementById('upload-percent');
    new MutationObserver(() => window.__percents.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.click('#upload-submit');
  await page.waitForSelector('#upload-progress[data-state=done]', { timeout: 30000 });
  results.upload_percents = await page.evaluate(() => window.__percents);
  check(await page.textContent('#upload-percent') === '100%', 'progress shows 100%');
  const width = await page.evaluate(() => document.getElementById('upload-bar').style.width);
  check(width === '100%', 'bar is full: ' + width);
  await shot('06-upload-done');
  await page.waitForSelector('#files-table td:has-text("AcmeSetup.exe")', { timeout: 10000 });
  await shot('07-files');

  // The other pages, for the record.
  for (const [name, path] of [['08-devices', '/admin/devices'], ['09-sessions', '/admin/sessions'],
    ['10-products', '/admin/products'], ['11-blocklist', '/admin/blocklist'], ['12-audit', '/admin/audit']]) {
    await page.goto(base + path);
    await shot(name);
  }

  // 6. The Korean switch translates the page, and the choice stays.
  await page.goto(base + '/admin');
  await Promise.all([page.waitForURL(base + '/admin'), page.click('.lang-switch button[value=ko]')]);
  check(await page.getAttribute('html', 'lang') === 'ko', 'html lang is ko');
  check((await page.textContent('.topbar h1')).trim() === '개요', 'title is Korean');
  check((await page.textContent('nav')).includes('사용자'), 'navigation is Korean');
  await page.waitForSelector('#live[data-state=live]');
  check((await page.textContent('#live')).includes('실시간'), 'live badge is Korean');
  await page.waitForFunction(() => /[1-9]/.test(document.getElementById('hb-total').textContent), null, { timeout: 12000 });
  await shot('13-overview-ko');
  await page.goto(base + '/admin/users');
  check(await page.getAttribute('html', 'lang') === 'ko', 'the language choice persists');
  await shot('14-users-ko');
  await page.goto(base + '/admin/audit');
  check((await page.textContent('#audit-pager')).includes('일치하는 이벤트'), 'the audit total is Korean');
  check((await page.textContent('#audit-pager')).includes('더 이전'), 'the audit paging links are Korean');
  await shot('15-audit-ko');

  check(problems.length === 0, 'no script errors or CSP violations: ' + problems.join(' | '));
  results.ok = true;
  console.log(JSON.stringify(results));
} catch (e) {
  try { await shot('failure'); } catch (ignored) { /* the page may be gone */ }
  console.error('E2E FAILED at ' + page.url() + ': ' + e.message + (problems.length ? '\n' + problems.join('\n') : ''));
  process.exitCode = 1;
} finally {
  await browser.close();
}
