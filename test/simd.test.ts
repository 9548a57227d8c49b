import t from 'tap';
import { simdInfo } from '../lib/index';

t.test('the native core reports its SIMD paths', async (t) => {
  const info = simdInfo();
  t.ok(info.supported.includes('scalar'), 'scalar is always supported');
  t.ok(info.supported.includes(info.active), 'the active path is a supported one');
  t.ok(info.supported.includes(info.best), 'the best path is a supported one');
});
