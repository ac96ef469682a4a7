import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, type RequestActor } from '@baton/platform';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaseCommands } from '../case-commands';
import { caseResponse, runCaseCommand } from '../case-http';
import { CASE_CLOSURE_OUTCOMES, OUTCOME_KINDS } from '../case.events';
import { CaseParams } from '../propose-handoff/propose-handoff.controller';
import { ProposalParams } from '../respond-to-handoff/respond-to-handoff.controller';

export class InterimUpdateDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() updateId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) note!: string;
}

export class OutcomeValueDto {
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) amount!: number;
  @ApiProperty({ example: 'KRW' }) @IsString() @IsNotEmpty() @MaxLength(40) unit!: string;
}

const KINDS = OUTCOME_KINDS.map((k) => k.kind);
const CLOSURES = CASE_CLOSURE_OUTCOMES.map((c) => c.outcome);

export class OutcomeDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() outcomeId!: string;
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind!: string;
  @ApiPropertyOptional({ type: OutcomeValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OutcomeValueDto)
  value?: OutcomeValueDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class CloseCaseDto {
  @ApiProperty({ enum: CLOSURES }) @IsIn(CLOSURES) outcome!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class RevokeConsentDto {
  @ApiProperty({ description: 'An identifier of who revoked for the firm (never a name)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  revokedBy!: string;
  @ApiProperty() @IsISO8601({ strict: true }) revokedAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** The holder reports progress and outcomes (which reach earlier holders: the loop closes) and closes the case. */
@ApiTags('cases')
@Controller('cases/:caseId')
@UseGuards(ActorGuard)
export class CaseProgressController {
  constructor(private readonly cases: CaseCommands) {}

  @Post('interim-updates')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an interim update (중간 경과)' })
  async interim(
    @Param() { caseId }: CaseParams,
    @Body() dto: InterimUpdateDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return caseResponse(
      reply,
      await runCaseCommand(this.cases, 'RecordInterimUpdate', { caseId, ...dto }, actor, request),
    );
  }

  @Post('outcomes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a structured outcome (성과); earlier holders are notified' })
  async outcome(
    @Param() { caseId }: CaseParams,
    @Body() dto: OutcomeDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const data = {
      caseId,
      outcomeId: dto.outcomeId,
      kind: dto.kind,
      ...(dto.value && { value: { ...dto.value } }),
      ...(dto.note && { note: dto.note }),
    };
    return caseResponse(reply, await runCaseCommand(this.cases, 'RecordOutcome', data, actor, request));
  }

  @Post('closure')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the case with an outcome' })
  async close(
    @Param() { caseId }: CaseParams,
    @Body() dto: CloseCaseDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return caseResponse(
      reply,
      await runCaseCommand(this.cases, 'CloseCase', { caseId, ...dto }, actor, request),
    );
  }

  @Post('handoffs/:proposalId/consent-revocation')
  @HttpCode(200)
  @ApiOperation({ summary: 'The firm revoked its consent: the receiver no longer sees the package' })
  async revoke(
    @Param() p: ProposalParams,
    @Body() dto: RevokeConsentDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return caseResponse(
      reply,
      await runCaseCommand(this.cases, 'RevokeConsent', { ...p, ...dto }, actor, request),
    );
  }
}
