import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, type RequestActor } from '@baton/platform';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaseCommands } from '../case-commands';
import { caseResponse, runCaseCommand } from '../case-http';
import { DECLINE_REASONS } from '../case.events';

export class ProposalParams {
  @IsUUID()
  caseId!: string;
  @IsUUID()
  proposalId!: string;
}

const DECLINE_CODES = DECLINE_REASONS.map((r) => r.code);

export class DeclineDto {
  @ApiProperty({ enum: DECLINE_CODES }) @IsIn(DECLINE_CODES) code!: string;
  @ApiPropertyOptional({ description: 'Required for other' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  text?: string;
}

export class WithdrawDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** The target accepts or declines; the proposer withdraws. One of them wins a race (decider + revision). */
@ApiTags('cases')
@Controller('cases/:caseId/handoffs/:proposalId')
@UseGuards(ActorGuard)
export class RespondToHandoffController {
  constructor(private readonly cases: CaseCommands) {}

  @Post('acceptance')
  @HttpCode(200)
  @ApiOperation({ summary: 'The target agency accepts: it becomes the holder' })
  async accept(
    @Param() p: ProposalParams,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return caseResponse(reply, await runCaseCommand(this.cases, 'AcceptHandoff', { ...p }, actor, request));
  }

  @Post('decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The target agency declines with a structured reason' })
  async decline(
    @Param() p: ProposalParams,
    @Body() dto: DeclineDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return caseResponse(
      reply,
      await runCaseCommand(
        this.cases,
        'DeclineHandoff',
        { ...p, reason: { code: dto.code, ...(dto.text && { text: dto.text }) } },
        actor,
        request,
      ),
    );
  }

  @Post('withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: 'The proposer withdraws an open proposal' })
  async withdraw(
    @Param() p: ProposalParams,
    @Body() dto: WithdrawDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return caseResponse(
      reply,
      await runCaseCommand(
        this.cases,
        'WithdrawHandoff',
        { ...p, ...(dto.note && { note: dto.note }) },
        actor,
        request,
      ),
    );
  }
}
