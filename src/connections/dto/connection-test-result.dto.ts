import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { FAILURE_REASONS, FailureReason, STAGES, Stage } from '../../drivers/database-driver';
import { CheckStatus, ConnectionTestReport } from '../testing/connection-test-report';

@ApiSchema({
  name: 'ConnectionTestCheck',
  description: 'One stage of the test, in the order they ran.',
})
export class ConnectionTestCheckDto {
  @ApiProperty({ enum: STAGES, example: 'connect' })
  stage: Stage;

  @ApiProperty({ enum: ['ok', 'failed', 'skipped'], example: 'ok' })
  status: CheckStatus;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 3,
    description: 'Milliseconds; 0 for a skipped stage.',
  })
  durationMs: number;
}

@ApiSchema({ name: 'ConnectionTestError', description: 'Why the test failed, and at which stage.' })
export class ConnectionTestErrorDto {
  @ApiProperty({ enum: FAILURE_REASONS, example: 'AUTH_FAILED' })
  reason: FailureReason;

  @ApiProperty({ enum: STAGES, example: 'authenticate' })
  stage: Stage;
}

/** The answer of a test that ran (always HTTP 200, success or failure). */
@ApiSchema({ name: 'ConnectionTestResult' })
export class ConnectionTestResultDto {
  @ApiProperty({ enum: ['success', 'failure'], example: 'success' })
  status: 'success' | 'failure';

  @ApiProperty({ example: 'Connection successful', description: 'A fixed sentence per outcome.' })
  message: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 12,
    description:
      "Milliseconds from the start of the test to its verdict: the query's answer, or the failure. " +
      'A PostgreSQL session reached without an SSH tunnel finishes closing after the answer (not counted); ' +
      'other engines, and sessions through a tunnel, are closed before it (counted).',
  })
  latencyMs: number;

  @ApiPropertyOptional({ example: 'PostgreSQL 16.4', description: 'When the server reported it.' })
  serverVersion?: string;

  @ApiProperty({ type: [ConnectionTestCheckDto] })
  checks: ConnectionTestCheckDto[];

  @ApiPropertyOptional({ type: ConnectionTestErrorDto, description: 'Only on failure.' })
  error?: ConnectionTestErrorDto;

  static from(report: ConnectionTestReport): ConnectionTestResultDto {
    const dto = new ConnectionTestResultDto();
    dto.status = report.status;
    dto.message = report.message;
    dto.latencyMs = report.latencyMs;
    if (report.serverVersion !== undefined) dto.serverVersion = report.serverVersion;
    dto.checks = report.checks.map(({ stage, status, durationMs }) => ({
      stage,
      status,
      durationMs,
    }));
    if (report.error) dto.error = { reason: report.error.reason, stage: report.error.stage };
    return dto;
  }
}
