import { API_ROUTES } from '@arterial/contracts/api/v1';
import { roleMay, UI_ACTION_MIN_ROLE, type UiAction } from './roles';

describe('UI roles', () => {
  it('uses the same minimum role as the route behind each action', () => {
    for (const action of Object.keys(UI_ACTION_MIN_ROLE) as UiAction[]) expect([action, UI_ACTION_MIN_ROLE[action]]).toEqual([action, API_ROUTES[action].minRole]);
  });

  it('lets a higher role do what a lower one may, and nobody signed out', () => {
    expect(roleMay('viewer', 'createOverride')).toBe(false);
    expect(roleMay('operator', 'createOverride')).toBe(true);
    expect(roleMay('admin', 'createOverride')).toBe(true);
    expect(roleMay('operator', 'listAudit')).toBe(false);
    expect(roleMay('engineer', 'listAudit')).toBe(true);
    expect(roleMay(null, 'createOverride')).toBe(false);
  });
});
