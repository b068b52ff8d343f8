/**
 * The framework floor: a minimal Nest 11 + express app (FLOOR_ADAPTER=fastify: + fastify), one
 * controller, the service's SQL through a pg Pool. No validation pipe, no logger, no filters, no
 * interceptors, no TypeORM: what Nest and its HTTP framework alone cost on top of the bare floor.
 */
import 'reflect-metadata';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Module,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CreateInput, floorPool, getById, insert, listFirstPage } from './floor-sql';

const pool = floorPool(process.env.DATABASE_URL ?? '');

@Controller()
class FloorController {
  @Get('health/ready')
  async ready(): Promise<{ status: string }> {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  }

  @Get('v1/management/connections')
  list(@Query('limit') limit?: string): Promise<Record<string, unknown>> {
    return listFirstPage(pool, Number(limit ?? 10));
  }

  @Get('v1/management/connections/:id')
  async get(@Param('id') id: string): Promise<Record<string, unknown>> {
    const found = await getById(pool, id);
    if (!found) throw new NotFoundException();
    return found;
  }

  @Post('v1/management/connections')
  @HttpCode(201)
  create(
    @Headers('x-product-name') product: string,
    @Body() body: CreateInput,
  ): Promise<Record<string, unknown>> {
    return insert(pool, body, String(product ?? '').toLowerCase());
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function bootstrap(): Promise<void> {
  const app =
    process.env.FLOOR_ADAPTER === 'fastify'
      ? await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(FloorModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void bootstrap();
