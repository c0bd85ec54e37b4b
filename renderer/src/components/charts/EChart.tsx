/**
 * One echarts chart in a div: created on mount, redrawn when its option changes, resized with its box, disposed on
 * unmount. In dark mode it uses echarts' dark theme on a transparent background so the card's color shows through.
 */
import { useEffect, useRef } from 'react';
import { useComputedColorScheme } from '@mantine/core';
import { echarts, type ChartOption } from './echarts';

interface Props {
  option: ChartOption;
  /** What the chart shows, for screen readers and tests, e.g. "Histogram of age". */
  label: string;
  height?: number;
}

export function EChart({ option, label, height = 260 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  const scheme = useComputedColorScheme('light');

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [scheme]);

  useEffect(() => {
    const fontFamily = getComputedStyle(document.body).fontFamily;
    chart.current?.setOption({ backgroundColor: 'transparent', textStyle: { fontFamily }, ...option }, { notMerge: true });
  }, [option, scheme]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
