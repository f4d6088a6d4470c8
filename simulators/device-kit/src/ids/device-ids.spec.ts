import { partitionDeviceIds } from './device-ids';

describe(partitionDeviceIds.name, () => {
  it('keeps ids the topic grammar allows and lists the others', () => {
    expect(partitionDeviceIds(['A0', 'e1_0-loop', ':A0_0', 'x'.repeat(65), 'B1', ''])).toEqual({
      valid: ['A0', 'e1_0-loop', 'B1'],
      skipped: [':A0_0', 'x'.repeat(65), ''],
    });
  });
});
