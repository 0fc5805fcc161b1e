import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { deadlineExceeded, takeDeadlineField, withDeadline } from './deadline';

/**
 * Makes the caller's remaining budget (sent by callService) the ambient deadline of the handler,
 * so every call the handler makes in turn uses only what is left. A message whose budget is
 * already spent is refused before the handler starts: its caller has stopped waiting.
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = execution.switchToRpc();
    const budgetMs = takeDeadlineField(rpc.getData());
    if (budgetMs === undefined) return next.handle();
    if (budgetMs <= 0) return throwError(() => deadlineExceeded(`${String(rpc.getContext()?.getPattern?.() ?? 'the handler')} started`));
    return new Observable((subscriber) => withDeadline(budgetMs, () => next.handle().subscribe(subscriber)));
  }
}
