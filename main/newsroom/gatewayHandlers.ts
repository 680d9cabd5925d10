import { MAX_STATUS_WAIT_MS } from '../../shared/api/gateway';
import type { NewsroomChannelName } from '../../shared/api/newsroom';
import { fail, ok, type Result } from '../../shared/result';
import type { Settings, SettingsPatch } from '../../shared/settings/settings';
import type { Handlers } from '../router';
import type { NewsroomGateway } from './gateway';

type GatewayHandlers = Pick<
  Handlers,
  'newsroom:status' | 'newsroom:signIn' | 'newsroom:signOut' | 'newsroom:call'
>;

/** The renderer's newsroom channels, served by the gateway. */
export function gatewayHandlers(gateway: NewsroomGateway): GatewayHandlers {
  return {
    'newsroom:status': async ({ after, waitMs }) =>
      ok(
        after === undefined
          ? gateway.status()
          : await gateway.waitForStatus(after, Math.min(waitMs ?? 0, MAX_STATUS_WAIT_MS)),
      ),
    'newsroom:signIn': (input) => gateway.signIn(input),
    'newsroom:signOut': () => gateway.signOut(),
    'newsroom:call': ({ channel, input }) =>
      // The contract's enum admits only newsroom channel names.
      gateway.call(channel as NewsroomChannelName, input),
  };
}

/**
 * Signed in, who works here is the account: its name and role replace the settings' (the Role
 * setting grants nothing; the server decides every right anyway, and main's own publish check
 * uses this role). Signed out, the settings are the workstation's own, as before.
 */
export function effectiveSettings(settings: Settings, gateway: NewsroomGateway): Settings {
  const { user, state } = gateway.status();
  if (user === null || state === 'signedOut') return settings;
  return { ...settings, userName: user.name, role: user.role };
}

/**
 * A settings change as the gateway allows it: signed in, the name and role are the account's and
 * cannot be changed here (the form sends them back unchanged, which is fine); everything else is
 * the workstation's.
 */
export function allowedSettingsPatch(
  patch: SettingsPatch,
  gateway: NewsroomGateway,
): Result<SettingsPatch> {
  const { user, state } = gateway.status();
  if (user === null || state === 'signedOut') return ok(patch);
  const { role, userName, ...rest } = patch;
  const problems = [
    ...(role !== undefined && role !== user.role
      ? [
          `Role: signed in to the newsroom as ${user.login}, your role is the account’s (${user.role}); the newsroom’s administrator changes it.`,
        ]
      : []),
    ...(userName !== undefined && userName.trim() !== user.name
      ? [`Your name: signed in to the newsroom, your name is the account’s (${user.name}).`]
      : []),
  ];
  if (problems.length > 0)
    return fail('signed_in', 'The settings were not saved: some values are not valid.', problems);
  return ok(rest);
}
