import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { systemActor } from '../../auth/actor';
import { CreateUserDto } from '../../users/dto/create-user.dto';
import { Role } from '../../auth/role';
import { UsersService } from '../../users/users.service';
import { withCliContext } from '../cli-context';
import { cliOutput } from '../output/cli-output';

export class CliUsageError extends Error {}

export async function createAdminCommand(options: { email: string; name: string; password?: string }): Promise<void> {
  // The password from the environment keeps it out of the shell history and the process list.
  const password = options.password ?? process.env.ADMIN_PASSWORD;
  const dto = plainToInstance(CreateUserDto, { email: options.email, fullName: options.name, role: Role.Admin, password });
  const problems = validateSync(dto).flatMap((e) => Object.values(e.constraints ?? {}));
  if (problems.length > 0) throw new CliUsageError(problems.join('; '));
  const user = await withCliContext((app) => app.get(UsersService).create(systemActor('cli'), dto));
  const output = cliOutput();
  output.say(`users:create-admin: ${output.words.adminCreated(user.email, user.id)}`);
  output.document({ ok: true, id: user.id, email: user.email });
}
