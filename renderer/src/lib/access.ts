// Who may do what, read from the contract's access list per method (shared/contract): a button is shown
// only to the roles the core would serve, so nobody is offered an action the core then refuses.
import { createContext, useContext } from 'react';
import { api as contract, type MethodName, type Role, type User } from '../../../shared/contract';

/** True when a user with `role` may call `method` (a 'public' method: anyone). */
export function mayCall(role: Role | null | undefined, method: MethodName): boolean {
  const access = contract[method].access;
  if (access === 'public') return true;
  return !!role && (access as readonly Role[]).includes(role);
}

/** The logged-in user, for screens that adapt to the role (null before login). */
export const CurrentUser = createContext<User | null>(null);

/** `can(method)`: may the logged-in user call it? */
export function useCan(): (method: MethodName) => boolean {
  const user = useContext(CurrentUser);
  return (method) => mayCall(user?.role, method);
}
