import { CliOutput } from '../output/cli-output';
import { CliUsageError } from '../output/cli-usage-error';
import { createAdminProblems, runCreateAdmin } from './create-admin.command';

describe('users:create-admin refuses its options in the language of the output', () => {
  const bad = { email: 'not-an-address', name: 'Quản trị', password: 'short' };

  it('names each option and the rule it breaks, in Vietnamese by default and in English with --lang en', () => {
    expect(createAdminProblems(bad, new CliOutput('vi'))).toEqual([
      '--email: không phải địa chỉ e-mail hợp lệ',
      '--password (hoặc ADMIN_PASSWORD): phải dài từ 12 đến 200 ký tự',
    ]);
    expect(createAdminProblems(bad, new CliOutput('en'))).toEqual(['--email: is not a valid e-mail address', '--password (or ADMIN_PASSWORD): must be 12 to 200 characters long']);
    expect(createAdminProblems({ email: 'a@dti.vn', name: '', password: 'long-enough-2026!' }, new CliOutput('vi'))).toEqual(['--name: phải dài từ 1 đến 200 ký tự']);
    expect(createAdminProblems({ email: 'a@dti.vn', name: 'A' }, new CliOutput('vi'))).toEqual(['--password (hoặc ADMIN_PASSWORD): còn thiếu']);
    expect(createAdminProblems({ email: 'a@dti.vn', name: 'A', password: 'long-enough-2026!' }, new CliOutput('vi'))).toEqual([]);
  });

  it('throws them as one usage error before touching the database', async () => {
    await expect(runCreateAdmin(bad, new CliOutput('vi'))).rejects.toThrow(new CliUsageError('--email: không phải địa chỉ e-mail hợp lệ; --password (hoặc ADMIN_PASSWORD): phải dài từ 12 đến 200 ký tự'));
  });
});
