import { DiscoveryService } from '@nestjs/core';

/**
 * Marks a provider as the driver of one engine. DriverRegistry finds every provider so marked
 * (in any module of the application) through Nest's DiscoveryService, keyed by its `type`.
 *
 * ```ts
 * @EngineDriver()
 * @Injectable()
 * export class PostgresDriver implements DatabaseDriver { readonly type = 'POSTGRESQL'; … }
 * ```
 */
export const EngineDriver = DiscoveryService.createDecorator<void>();
