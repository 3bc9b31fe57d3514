import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { systemActor } from '../../auth/actor';
import { CreateUserDto, PASSWORD_RULE } from '../../users/dto/create-user.dto';
import { Role } from '../../auth/role';
import { UsersService } from '../../users/users.service';
import { withCliContext } from '../cli-context';
import { cliOutput, type CliOutput } from '../output/cli-output';
import { CliUsageError } from '../output/cli-usage-error';

export interface CreateAdminOptions {
  email: string;
  name: string;
  password?: string;
}

/** The options' mistakes in the output's language, each as its option and the rule it breaks; none: []. */
export function createAdminProblems(options: CreateAdminOptions, output: CliOutput): string[] {
  const { admin } = output.words;
  // Each property's length bounds, as CreateUserDto declares them.
  const bounds: Record<string, [number, number]> = { fullName: [1, 200], password: [PASSWORD_RULE.min, PASSWORD_RULE.max] };
  const dto = plainToInstance(CreateUserDto, { email: options.email, fullName: options.name, role: Role.Admin, password: options.password });
  return validateSync(dto).flatMap((e) => {
    const option = admin.options[e.property] ?? e.property;
    const rules = admin.rules(...(bounds[e.property] ?? [0, 0]));
    // A missing value is said once, not also as too short.
    const broken = Object.entries(e.constraints ?? {});
    const said = broken.some(([rule]) => rule === 'isString') ? broken.filter(([rule]) => rule === 'isString') : broken;
    return said.map(([rule, english]) => `${option}: ${rules[rule] ?? english}`);
  });
}

export async function runCreateAdmin(options: CreateAdminOptions, output: CliOutput): Promise<void> {
  // The password from the environment keeps it out of the shell history and the process list.
  const given = { ...options, password: options.password ?? process.env.ADMIN_PASSWORD };
  const problems = createAdminProblems(given, output);
  if (problems.length > 0) throw new CliUsageError(problems.join('; '));
  const dto = plainToInstance(CreateUserDto, { email: given.email, fullName: given.name, role: Role.Admin, password: given.password });
  const user = await withCliContext((app) => app.get(UsersService).create(systemActor('cli'), dto));
  output.say(`users:create-admin: ${output.words.adminCreated(user.email, user.id)}`);
  output.document({ ok: true, id: user.id, email: user.email });
}

export async function createAdminCommand(options: CreateAdminOptions): Promise<void> {
  await runCreateAdmin(options, cliOutput());
}
