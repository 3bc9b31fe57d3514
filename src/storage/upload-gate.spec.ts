import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import type { OrphanFilesService } from './orphan-files.service';
import { UploadGate } from './upload-gate';
import type { Uploader, UploadQuotaService } from './upload-quota.service';

class FakeChecks {
  readonly seen: Array<{ actor: Uploader; params: Record<string, string> }> = [];
  async evidence(actor: Uploader, params: Record<string, string>): Promise<void> {
    this.seen.push({ actor, params });
  }
  async closed(): Promise<void> {
    throw new Error('refused');
  }
}

describe('UploadGate', () => {
  const actor: Uploader = { userId: 'u1', label: 'officer@example.org' };
  const allowance = { reservedBytes: 100 };
  const setup = (name: 'evidence' | 'closed') => {
    const checks = new FakeChecks();
    const quota = { admit: jest.fn().mockResolvedValue(allowance), settle: jest.fn().mockResolvedValue(undefined), quotaExceededFor: jest.fn() };
    const moduleRef = { get: jest.fn().mockReturnValue(checks) };
    const Gate = UploadGate(FakeChecks, name);
    const gate = new Gate(moduleRef as unknown as ModuleRef, quota as unknown as UploadQuotaService, {} as OrphanFilesService);
    const req = { actor, params: { cycleId: 'c1', unitId: 'n1' }, headers: { 'content-length': '42' } };
    const context = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ statusCode: 201 }) }) } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => of('stored') };
    return { checks, quota, moduleRef, run: async () => lastValueFrom(await gate.intercept(context, next)) };
  };

  it("calls the named method of the feature's checks (as a method of its provider), then admits the upload", async () => {
    const { checks, quota, moduleRef, run } = setup('evidence');
    await expect(run()).resolves.toBe('stored');
    expect(moduleRef.get).toHaveBeenCalledWith(FakeChecks, { strict: false });
    expect(checks.seen).toEqual([{ actor, params: { cycleId: 'c1', unitId: 'n1' } }]);
    expect(quota.admit).toHaveBeenCalledWith(actor, 42);
    expect(quota.settle).toHaveBeenCalledWith(actor, allowance, 0);
  });

  it('refuses before the quota is asked when the check refuses', async () => {
    const { quota, run } = setup('closed');
    await expect(run()).rejects.toThrow('refused');
    expect(quota.admit).not.toHaveBeenCalled();
  });
});
