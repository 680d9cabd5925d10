import { z } from 'zod';
import { DEFAULT_PORTAL_PROFILE, portalProfileSchema } from '../portal/profile';
import { DEFAULT_STYLE_RULES, styleRulesSchema } from '../style/rules';

/** The roles of the newsroom. The role check itself lives in shared/workflow. */
export const ROLES = ['reporter', 'editor', 'photo_desk'] as const;
export type Role = (typeof ROLES)[number];

/** How each role is named to people. */
export const ROLE_LABELS: Record<Role, string> = {
  reporter: 'Reporter',
  editor: 'Editor',
  photo_desk: 'Photo desk',
};

/** Where and how big the window was, so the next start opens it there. */
export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  isMaximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/** Words added to the spelling dictionary: single words, no spaces, each once. */
export const dictionaryWordsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(60, 'A dictionary word is at most 60 characters.')
      .regex(/^[^\s]+$/u, 'Add one word at a time, without spaces.'),
  )
  .max(20_000);

/** The current version of the settings file; migrations in main bring older files up to it. */
export const SETTINGS_VERSION = 1;

/** The workstation's settings: one schema for electron-store and for conf in browser mode. */
export const settingsSchema = z.object({
  userName: z.string().max(200),
  role: z.enum(ROLES),
  portalProfile: portalProfileSchema,
  /** Absolute path of the folder the portal is published to; empty means `<data dir>/portal`. */
  publishFolder: z.string().max(4096),
  windowState: windowStateSchema,
  /** The newsroom's house-style rules; editors change them. A file from before them gets the defaults. */
  houseStyle: styleRulesSchema.default(DEFAULT_STYLE_RULES),
  /** Words people added to the spelling dictionary on this workstation. */
  dictionaryWords: dictionaryWordsSchema.default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

/** What a user may change from the Settings page. */
export const settingsPatchSchema = z
  .object({
    userName: z.string().trim().max(200, 'Your name is longer than 200 characters.'),
    role: z.enum(ROLES, { message: 'Choose Reporter, Editor or Photo desk.' }),
    publishFolder: z
      .string()
      .trim()
      .max(4096)
      .refine((value) => value === '' || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), {
        message: 'The publish folder must be an absolute path, or empty for the default.',
      }),
    portalProfile: portalProfileSchema,
    windowState: windowStateSchema,
    houseStyle: styleRulesSchema,
    dictionaryWords: dictionaryWordsSchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Settings of a workstation that has never been set up. */
export const DEFAULT_SETTINGS: Settings = {
  userName: '',
  role: 'reporter',
  portalProfile: DEFAULT_PORTAL_PROFILE,
  publishFolder: '',
  windowState: { width: 1280, height: 860, isMaximized: false },
  houseStyle: DEFAULT_STYLE_RULES,
  dictionaryWords: [],
};
