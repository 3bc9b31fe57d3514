import { asyncPreference } from './prefer';

describe('asyncPreference (RFC 7240)', () => {
  it('reads nothing from no header', () => {
    expect(asyncPreference(undefined)).toEqual({ respondAsync: false });
  });

  it('reads respond-async alone, in any case, among other preferences and parameters', () => {
    expect(asyncPreference('respond-async')).toEqual({ respondAsync: true });
    expect(asyncPreference('return=minimal, Respond-Async ; foo=bar')).toEqual({ respondAsync: true });
    expect(asyncPreference(['handling=lenient', 'respond-async'])).toEqual({ respondAsync: true });
  });

  it('reads wait in seconds, the first one said, quoted or not', () => {
    expect(asyncPreference('respond-async, wait=10')).toEqual({ respondAsync: true, waitSeconds: 10 });
    expect(asyncPreference('wait="3", wait=20')).toEqual({ respondAsync: false, waitSeconds: 3 });
  });

  it('ignores what it does not understand: a wait that is not whole seconds, respond-async with a value', () => {
    expect(asyncPreference('wait=1.5, wait=-2, wait=soon')).toEqual({ respondAsync: false });
    expect(asyncPreference('respond-async=yes, return=representation')).toEqual({ respondAsync: false });
  });
});
