/** User management (admin only): `GET`/`POST /api/users`, a user's role, disabling a user. Passwords never appear, except once when generated. */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, OperatorRole, USER_NAME_PATTERN, UserName } from './auth.schema';
import { EpochMs, Nullable } from './common.schema';

export const UserSummary = Type.Object(
  {
    name: Type.String(),
    role: OperatorRole,
    createdAt: EpochMs('When the user was added'),
    updatedAt: EpochMs('Last change of role, password or state'),
    disabledAt: Nullable(EpochMs('When the user was disabled; null while active')),
  },
  { $id: 'arterial/api/v1/UserSummary', title: 'User', additionalProperties: false },
);
export type UserSummary = Static<typeof UserSummary>;

export const UserList = Type.Object({ users: Type.Array(UserSummary) }, { $id: 'arterial/api/v1/UserList', title: 'Users' });
export type UserList = Static<typeof UserList>;

export const UserParams = Type.Object(
  { name: Type.String({ pattern: USER_NAME_PATTERN, description: `User name; matches ${USER_NAME_PATTERN}.` }) },
  { additionalProperties: false },
);
export type UserParams = Static<typeof UserParams>;

export const CreateUserRequest = Type.Object(
  {
    name: UserName,
    role: OperatorRole,
    password: Type.Optional(
      Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, description: `At least ${MIN_PASSWORD_LENGTH} characters; left out, one is generated and answered once.` }),
    ),
  },
  { $id: 'arterial/api/v1/CreateUserRequest', title: 'Create user request', additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const CreatedUser = Type.Object(
  {
    user: UserSummary,
    password: Type.Optional(Type.String({ description: 'The generated password, shown only in this answer.' })),
  },
  { $id: 'arterial/api/v1/CreatedUser', title: 'Created user', additionalProperties: false },
);
export type CreatedUser = Static<typeof CreatedUser>;

export const SetRoleRequest = Type.Object({ role: OperatorRole }, { $id: 'arterial/api/v1/SetRoleRequest', title: 'Set role request', additionalProperties: false });
export type SetRoleRequest = Static<typeof SetRoleRequest>;
