/**
 * Rows and columns of the grid, virtualized. Browsers cap an element's height (about 33 million px in Chromium, less
 * elsewhere), so past MAX_SCROLL_HEIGHT the scrollbar is compressed: the row virtualizer sees a scroll offset scaled
 * up to rows × ROW_HEIGHT, and rows are placed back into the shorter real scroll area.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { elementScroll, observeElementOffset, useVirtualizer } from '@tanstack/react-virtual';

export const ROW_HEIGHT = 32;
export const GUTTER_WIDTH = 72;
const MAX_SCROLL_HEIGHT = 12_000_000;

interface Options {
  scrollRef: RefObject<HTMLDivElement | null>;
  rowCount: number;
  columnWidths: number[];
  viewportHeight: number;
}

export function useGridVirtualizers({ scrollRef, rowCount, columnWidths, viewportHeight }: Options) {
  const virtualHeight = rowCount * ROW_HEIGHT;
  const realHeight = Math.min(virtualHeight, MAX_SCROLL_HEIGHT);
  const scale = virtualHeight > realHeight ? (virtualHeight - viewportHeight) / (realHeight - viewportHeight) : 1;
  const scaleRef = useRef(scale);
  useLayoutEffect(() => {
    scaleRef.current = scale;
  }, [scale]);

  // The grid re-renders on every scroll by design, so the React Compiler skipping this hook costs nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    observeElementOffset: (instance, cb) => observeElementOffset(instance, (offset, scrolling) => cb(offset * scaleRef.current, scrolling)),
    scrollToFn: (offset, options, instance) => elementScroll(offset / scaleRef.current, options, instance),
  });
  const columns = useVirtualizer({
    horizontal: true,
    count: columnWidths.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => columnWidths[i] ?? 140,
    paddingStart: GUTTER_WIDTH,
    overscan: 3,
  });

  const virtualOffset = rows.scrollOffset ?? 0;
  // How far the real scroll area lags behind the virtual one at this offset (0 unless compressed).
  const shift = virtualOffset - virtualOffset / scale;
  return {
    rows,
    columns,
    realHeight,
    totalWidth: columns.getTotalSize(),
    rowTop: (start: number) => start - shift,
  };
}
