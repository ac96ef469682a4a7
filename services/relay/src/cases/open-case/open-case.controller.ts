import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, type RequestActor } from '@baton/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PHASE_IDS } from '../../phases';
import { CaseCommands } from '../case-commands';
import { caseResponse, requestContext } from '../case-http';

export class OpenCaseDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client: re-sending the same id is harmless' })
  @IsUUID()
  caseId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  firmId!: string;

  @ApiProperty({ example: ['시제품 제작', '판로 개척'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  goals!: string[];

  @ApiProperty({ enum: PHASE_IDS })
  @IsIn(PHASE_IDS)
  phase!: string;
}

@ApiTags('cases')
@Controller('cases')
@UseGuards(ActorGuard)
export class OpenCaseController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a support case for a firm: the opening agency holds the baton' })
  async open(
    @Body() dto: OpenCaseDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.cases.execute(
      {
        type: 'OpenCase',
        data: {
          caseId: dto.caseId,
          firmId: dto.firmId,
          firm: await this.cases.firm(dto.firmId),
          goals: dto.goals,
          phase: dto.phase,
        },
        metadata: {
          now: new Date().toISOString(),
          actor: this.cases.actorOf(actor),
          correlationId: String(request.id),
        },
      },
      { ...requestContext(request), expectNewStream: true },
    );
    reply.header('location', `/cases/${dto.caseId}`);
    return caseResponse(reply, outcome);
  }
}
