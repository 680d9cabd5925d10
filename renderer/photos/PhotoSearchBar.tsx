import type { ReactNode } from 'react';
import {
  isPhotoFilter,
  isPhotoSort,
  PHOTO_FILTER_LABELS,
  PHOTO_FILTERS,
  PHOTO_SORT_LABELS,
  PHOTO_SORTS,
  type PhotoFilter,
  type PhotoSort,
} from '../../shared/media/library';

/** What the photo library is searched, narrowed and ordered by. */
export interface PhotoQuery {
  text: string;
  filter: PhotoFilter;
  sort: PhotoSort;
}

/**
 * The library's search and filter bar, the same in the Photos view and the photo picker:
 * `Search photos` (every word must occur in the photo's text), `Show` (a filter) and, where the
 * person may reorder, `Order`. `children` go at the end of the bar (the Photos view's selection).
 */
export function PhotoSearchBar({
  query,
  canSort,
  onChange,
  children,
}: {
  query: PhotoQuery;
  canSort: boolean;
  onChange(query: PhotoQuery): void;
  children?: ReactNode;
}) {
  return (
    <div className="photo-toolbar">
      <label>
        <span className="photo-field-label">Search photos</span>
        <input
          type="search"
          value={query.text}
          placeholder="Caption, credit, photographer, place, file name…"
          onChange={(event) => onChange({ ...query, text: event.target.value })}
        />
      </label>
      <label>
        <span className="photo-field-label">Show</span>
        <select
          value={query.filter}
          onChange={(event) => {
            if (isPhotoFilter(event.target.value))
              onChange({ ...query, filter: event.target.value });
          }}
        >
          {PHOTO_FILTERS.map((value) => (
            <option key={value} value={value}>
              {PHOTO_FILTER_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      {canSort ? (
        <label>
          <span className="photo-field-label">Order</span>
          <select
            value={query.sort}
            onChange={(event) => {
              if (isPhotoSort(event.target.value)) onChange({ ...query, sort: event.target.value });
            }}
          >
            {PHOTO_SORTS.map((value) => (
              <option key={value} value={value}>
                {PHOTO_SORT_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {children}
    </div>
  );
}
