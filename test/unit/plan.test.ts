import { planTargets } from '../../src/batches/copy-plan';

describe('planTargets', () => {
  test('keeps names, and makes repeated names unique before the extension', () => {
    const plan = planTargets([
      { id: 'a', name: 'render.jpg' },
      { id: 'b', name: 'render.jpg' },
      { id: 'c', name: 'RENDER.jpg' },
      { id: 'd', name: 'notes' },
      { id: 'e', name: 'notes' },
    ]);
    expect(plan.map((p) => p.targetName)).toEqual([
      'render.jpg',
      'render (2).jpg',
      'RENDER (3).jpg',
      'notes',
      'notes (2)',
    ]);
  });

  test('the same links always give the same plan', () => {
    const files = [
      { id: 'a', name: 'x.obj' },
      { id: 'b', name: 'x.obj' },
    ];
    expect(planTargets(files)).toEqual(planTargets(files));
  });
});
