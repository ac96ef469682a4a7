import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { WARNING_RESOLUTION_OUTCOMES } from '@baton/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WarningDesk } from '../warning-desk';
import { commandResponse, runWarningCommand } from '../warning-http';

export class WarningParams {
  @IsUUID()
  warningId!: string;
}

export class PreventionPlanDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() planId!: string;
  @ApiProperty({ example: '운전자금 긴급 지원 및 거래처 다변화' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  summary!: string;
  @ApiProperty({ type: [String], example: ['긴급경영안정자금 신청', '신규 판로 발굴'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(1000, { each: true })
  measures!: string[];
}

export class SupportLinkDto {
  @ApiProperty({ enum: ['relay-case', 'program'] }) @IsIn(['relay-case', 'program']) kind!:
    'relay-case' | 'program';
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((o) => o.kind === 'relay-case')
  @IsUUID()
  caseId?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((o) => o.kind === 'relay-case' && o.handoffId !== undefined)
  @IsUUID()
  handoffId?: string;
  @ApiPropertyOptional()
  @ValidateIf((o) => o.kind === 'program')
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  programId?: string;
}

export class EmergencySupportDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() supportId!: string;
  @ApiProperty({ type: SupportLinkDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SupportLinkDto)
  link!: SupportLinkDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() referralId!: string;
  @ApiProperty({ format: 'uuid', description: 'The structural innovation support center (구조혁신지원센터)' })
  @IsUUID()
  centerAgencyId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

const OUTCOMES = Object.keys(WARNING_RESOLUTION_OUTCOMES);
export class ResolveDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class DismissDto {
  @ApiProperty({ description: 'Why it was a false alarm (오경보)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

const HANDLERS = ['crisis-center', 'regional-office', 'agency-staff', 'admin'] as const;

/**
 * The lifecycle of a warning, by the agency it was routed to or its region's office: acknowledge → prevention
 * plan → emergency support or a referral for business conversion → resolved with an outcome, or dismissed as
 * a false alarm. Nothing is deleted; each step is an event.
 */
@ApiTags('warnings')
@Controller('warnings/:warningId')
@UseGuards(ActorGuard)
@Roles(...HANDLERS)
export class HandleWarningController {
  constructor(@Inject(WarningDesk) private readonly desk: WarningDesk) {}

  @Post('acknowledgement')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge the warning (경보 확인), within its SLA' })
  async acknowledge(
    @Param() { warningId }: WarningParams,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await runWarningCommand(this.desk, 'AcknowledgeWarning', { warningId }, actor, request);
    return commandResponse(reply, warningId, outcome);
  }

  @Post('prevention-plans')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a prevention plan (위기예방계획)' })
  async plan(
    @Param() { warningId }: WarningParams,
    @Body() dto: PreventionPlanDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await runWarningCommand(
      this.desk,
      'RecordPreventionPlan',
      { warningId, ...dto },
      actor,
      request,
    );
    return commandResponse(reply, warningId, outcome);
  }

  @Post('emergency-support')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record emergency support (긴급지원), linked to a relay case or a program' })
  async support(
    @Param() { warningId }: WarningParams,
    @Body() dto: EmergencySupportDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const link =
      dto.link.kind === 'relay-case'
        ? { kind: 'relay-case', caseId: dto.link.caseId, handoffId: dto.link.handoffId ?? null }
        : { kind: 'program', programId: dto.link.programId };
    const outcome = await runWarningCommand(
      this.desk,
      'GiveEmergencySupport',
      { warningId, supportId: dto.supportId, link, ...(dto.note && { note: dto.note }) },
      actor,
      request,
    );
    return commandResponse(reply, warningId, outcome);
  }

  @Post('business-conversion-referrals')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Refer the firm to a structural innovation support center for business conversion (사업전환)',
  })
  async refer(
    @Param() { warningId }: WarningParams,
    @Body() dto: ReferralDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await runWarningCommand(
      this.desk,
      'ReferForBusinessConversion',
      { warningId, ...dto },
      actor,
      request,
    );
    return commandResponse(reply, warningId, outcome);
  }

  @Post('resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve the warning with an outcome (a true positive of its rule)' })
  async resolve(
    @Param() { warningId }: WarningParams,
    @Body() dto: ResolveDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await runWarningCommand(
      this.desk,
      'ResolveWarning',
      { warningId, ...dto },
      actor,
      request,
    );
    return commandResponse(reply, warningId, outcome);
  }

  @Post('dismissal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss the warning as a false alarm (오경보), with the reason' })
  async dismiss(
    @Param() { warningId }: WarningParams,
    @Body() dto: DismissDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await runWarningCommand(
      this.desk,
      'DismissWarning',
      { warningId, ...dto },
      actor,
      request,
    );
    return commandResponse(reply, warningId, outcome);
  }
}
