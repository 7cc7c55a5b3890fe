import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/contract';
import type { CallContext } from '../base/context';

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>, ctx: CallContext & { token?: string }) => Promise<MethodOutput<M>>;
export type HandlerTable = { [M in MethodName]: Handler<M> };
/** The handlers of one capability's methods (e.g. keyof typeof scanningApi). */
export type HandlersFor<Names extends MethodName> = { [M in Names]: Handler<M> };
