import type { JSX, ReactNode } from 'react';
import type { RenderElementProps, RenderLeafProps } from 'slate-react';
import { assertNever } from '../../shared/result';
import { FigureView } from './FigureView';

/** Renders one body element as the HTML element it stands for. */
export function renderElement({ attributes, children, element }: RenderElementProps): JSX.Element {
  switch (element.type) {
    case 'paragraph':
      return <p {...attributes}>{children}</p>;
    case 'heading':
      return element.level === 2 ? (
        <h2 {...attributes}>{children}</h2>
      ) : (
        <h3 {...attributes}>{children}</h3>
      );
    case 'block-quote':
      return <blockquote {...attributes}>{children}</blockquote>;
    case 'bulleted-list':
      return <ul {...attributes}>{children}</ul>;
    case 'numbered-list':
      return <ol {...attributes}>{children}</ol>;
    case 'list-item':
      return <li {...attributes}>{children}</li>;
    case 'link':
      return (
        <a {...attributes} href={element.url} title={element.url} rel="noreferrer">
          {children}
        </a>
      );
    case 'figure':
      return (
        <FigureView attributes={attributes} element={element}>
          {children}
        </FigureView>
      );
    default:
      return assertNever(element);
  }
}

/** Renders a text run with its marks. */
export function renderLeaf({ attributes, children, leaf }: RenderLeafProps): JSX.Element {
  let content: ReactNode = children;
  if (leaf.bold === true) content = <strong>{content}</strong>;
  if (leaf.italic === true) content = <em>{content}</em>;
  if (leaf.underline === true) content = <u>{content}</u>;
  if (leaf.strikethrough === true) content = <s>{content}</s>;
  const { flag } = leaf;
  if (flag !== undefined) {
    return (
      <span
        {...attributes}
        aria-invalid={flag.kind}
        className={`flag-${flag.severity}`}
        title={
          flag.kind === 'spelling'
            ? 'Not in the dictionary (right-click for suggestions)'
            : flag.message
        }
      >
        {content}
      </span>
    );
  }
  return <span {...attributes}>{content}</span>;
}
