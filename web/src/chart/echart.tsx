/**
 * The one React wrapper over ECharts. It registers only the charts and components the app uses (tree-shaken
 * `echarts/core`), keeps the chart sized to its box with a ResizeObserver, follows the UI language (ECharts'
 * own built-in texts and the number formatting of axes and tooltips), and disposes the instance on unmount.
 * Others may register more parts with `echarts.use` from `echarts/core` before rendering.
 */
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { OKABE_ITO } from './palette';

// Each part costs bundle size (the set below is ~195 kB gzip of ECharts); add one only when a chart needs it.
echarts.use([LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapContinuousComponent, MarkLineComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

interface Props {
  option: EChartOption;
  /** Accessible summary of what the chart shows (ECharts draws on a canvas screen readers cannot read). */
  label: string;
  height?: number;
  className?: string;
  testId?: string;
}

/** ECharts ships 'EN' and 'ZH' built in; anything Chinese gets ZH. */
export function echartsLocale(language: string): 'ZH' | 'EN' {
  return language.toLowerCase().startsWith('zh') ? 'ZH' : 'EN';
}

export function EChart({ option, label, height = 220, className, testId }: Props) {
  const { i18n } = useTranslation();
  const locale = echartsLocale(i18n.language);
  const box = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  // One instance per language: ECharts takes its locale at init only.
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    // The built-in dark theme matches the control room; the background stays the page's own.
    const instance = echarts.init(element, 'dark', { locale, renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current = null;
      instance.dispose();
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption({ color: [...OKABE_ITO], backgroundColor: 'transparent', animation: false, ...option }, { notMerge: true });
  }, [option, locale]);

  return <div ref={box} className={className ?? 'echart'} style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
