import { renderLineChart } from './svg-line-chart';

describe(renderLineChart.name, () => {
  it('draws one path per series, breaks lines at missing values and escapes text', () => {
    const sut = renderLineChart({
      title: 'MAE <volume>',
      xLabel: 'h',
      yLabel: 'MAE',
      series: [
        { name: 'ridge', points: [{ x: 0, y: 1 }, { x: 1, y: null }, { x: 2, y: 3 }] },
        { name: 'persistence', points: [{ x: 0, y: 2 }, { x: 2, y: 4 }] },
      ],
    });
    expect(sut.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(sut).toContain('MAE &lt;volume&gt;');
    const paths = [...sut.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(paths).toHaveLength(2);
    // The gap at x = 1 lifts the pen: two moves, no line.
    expect((paths[0]?.match(/M/g) ?? []).length).toBe(2);
    expect((paths[1]?.match(/L/g) ?? []).length).toBe(1);
    expect(sut).toContain('>persistence</text>');
  });
});
