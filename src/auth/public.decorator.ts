import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Opens a route to anyone, without a token (health, login, published results). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
