import { z } from 'zod';
import type { BlockElement, BodyText, InlineNode, ListItemElement } from './body';
import { storySchema } from './story';

const textSchema: z.ZodType<BodyText> = z
  .object({
    text: z.string(),
    bold: z.literal(true).optional(),
    italic: z.literal(true).optional(),
    underline: z.literal(true).optional(),
    strikethrough: z.literal(true).optional(),
  })
  .strict();

const inlineSchema: z.ZodType<InlineNode> = z.union([
  textSchema,
  z.object({ type: z.literal('link'), url: z.string(), children: z.array(textSchema) }).strict(),
]);

const listItemSchema: z.ZodType<ListItemElement> = z
  .object({ type: z.literal('list-item'), children: z.array(inlineSchema) })
  .strict();

/** A body block as it crosses the API (validated: no foreign element or attribute passes). */
export const blockSchema: z.ZodType<BlockElement> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), children: z.array(inlineSchema) }).strict(),
  z
    .object({
      type: z.literal('heading'),
      level: z.union([z.literal(2), z.literal(3)]),
      children: z.array(inlineSchema),
    })
    .strict(),
  z.object({ type: z.literal('block-quote'), children: z.array(inlineSchema) }).strict(),
  z.object({ type: z.literal('bulleted-list'), children: z.array(listItemSchema) }).strict(),
  z.object({ type: z.literal('numbered-list'), children: z.array(listItemSchema) }).strict(),
  z
    .object({
      type: z.literal('figure'),
      photoId: z.string().min(1),
      caption: z.string(),
      credit: z.string(),
      altText: z.string(),
      children: z.tuple([z.object({ text: z.literal('') })]),
    })
    .strict(),
]);

/** A whole story with its body, as preview and publishing receive it. */
export const storyWithBodySchema = storySchema.extend({ body: z.array(blockSchema) });
