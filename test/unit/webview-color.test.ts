/**
 * The colour arithmetic the panels use to keep text readable (webview/src/ui/color.ts), and the
 * e2e theme test uses to measure it: parsing what theme variables and getComputedStyle give,
 * compositing translucent layers, and WCAG 2.x contrast ratios checked against known values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrastOf, contrastRatio, flatten, over, parseColor, readableText, toCss } from '../../webview/src/ui/color';

const near = (a: number, b: number, eps = 0.01) => assert.ok(Math.abs(a - b) <= eps, `${a} is not ${b}`);

test('parses the colour forms VS Code themes and computed styles use', () => {
  assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
  assert.deepEqual(parseColor('#388A34'), { r: 56, g: 138, b: 52, a: 1 });
  assert.deepEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
  assert.deepEqual(parseColor('rgb(31, 31, 31)'), { r: 31, g: 31, b: 31, a: 1 });
  assert.deepEqual(parseColor('rgba(137, 209, 133, 0.75)'), { r: 137, g: 209, b: 133, a: 0.75 });
  assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.deepEqual(parseColor('transparent'), { r: 0, g: 0, b: 0, a: 0 });
  assert.equal(parseColor('var(--x)'), undefined);
  assert.equal(parseColor('#12'), undefined);
});

test('WCAG contrast ratios match the reference values', () => {
  near(contrastOf('#000', '#fff'), 21);
  near(contrastOf('#fff', '#fff'), 1);
  near(contrastOf('#777777', '#ffffff'), 4.48);
  near(contrastOf('#767676', '#ffffff'), 4.54);
  // VS Code Light Modern's charts.green as text on its editor background: just below AA.
  near(contrastOf('#388a34', '#ffffff'), 4.33);
  // Order does not matter.
  near(contrastOf('#ffffff', '#1f1f1f'), contrastOf('#1f1f1f', '#ffffff'));
});

test('translucent layers are composited before measuring', () => {
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const green75 = parseColor('rgba(56, 138, 52, 0.75)')!;
  const cell = over(green75, white);
  assert.equal(toCss(cell), 'rgb(106, 167, 103)');
  // A tinted cell over a transparent row over the page: the row adds nothing.
  assert.equal(toCss(flatten([green75, { r: 0, g: 0, b: 0, a: 0 }], white)), 'rgb(106, 167, 103)');
  near(contrastRatio(parseColor('#3b3b3b')!, cell), 3.92);
  // Half-transparent text is blended into its background.
  near(contrastOf('rgba(255, 255, 255, 0.7)', '#000000'), contrastOf('#b3b3b3', '#000000'), 0.1);
});

test('readableText keeps the preferred colour when it reads well, else the best fallback', () => {
  assert.equal(readableText('#1f1f1f', ['#89d185', '#cccccc']), '#89d185');
  assert.equal(readableText('#ffffff', ['#388a34', '#3b3b3b']), '#3b3b3b');
  // Neither reaches 4.5:1: the one with more contrast.
  assert.equal(readableText('#808080', ['#999999', '#000000', '#aaaaaa']), '#000000');
  assert.equal(readableText('#ffffff', ['not a colour', '#000']), '#000');
});
