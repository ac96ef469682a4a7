import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, ProblemError, type RequestActor } from '@baton/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PHASE_IDS } from '../../phases';
import { CaseCommands } from '../case-commands';
import { caseResponse, requestContext } from '../case-http';

export class CaseParams {
  @IsUUID()
  caseId!: string;
}

export class HandoverDocumentDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) documentId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty() @IsUrl({ require_tld: false }) @MaxLength(2000) uri!: string;
}

export class HandoverPackageDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) summary!: string;
  @ApiProperty({ type: [HandoverDocumentDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HandoverDocumentDto)
  documents!: HandoverDocumentDto[];
}

export class ConsentDto {
  @ApiProperty({ description: 'An identifier of who consented for the firm (never a name)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  grantedBy!: string;
  @ApiProperty() @IsISO8601({ strict: true }) grantedAt!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() sharedWith!: string;
  @ApiProperty({ description: 'documentIds the firm agreed to share' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  items!: string[];
  @ApiProperty() @IsBoolean() includesSummary!: boolean;
}

export class ProposeHandoffDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() proposalId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() toAgencyId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiProperty({ enum: PHASE_IDS }) @IsIn(PHASE_IDS) nextPhase!: string;
  @ApiProperty({ type: HandoverPackageDto })
  @IsObject()
  @ValidateNested()
  @Type(() => HandoverPackageDto)
  package!: HandoverPackageDto;
  @ApiProperty({ type: ConsentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent!: ConsentDto;
}

@ApiTags('cases')
@Controller('cases')
@UseGuards(ActorGuard)
export class ProposeHandoffController {
  constructor(private readonly cases: CaseCommands) {}

  @Post(':caseId/handoffs')
  @HttpCode(201)
  @ApiOperation({
    summary: 'The holder proposes to hand the case on (인계 제안): due within N Korean business days',
  })
  async propose(
    @Param() { caseId }: CaseParams,
    @Body() dto: ProposeHandoffDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const target = await this.cases.target(dto.toAgencyId);
    if (!target)
      throw new ProblemError(404, 'agency-not-found', 'No such agency', `No agency ${dto.toAgencyId}`);
    const now = new Date().toISOString();
    const outcome = await this.cases.execute(
      {
        type: 'ProposeHandoff',
        data: {
          caseId,
          proposalId: dto.proposalId,
          target,
          reason: dto.reason,
          nextPhase: dto.nextPhase,
          package: { summary: dto.package.summary, documents: dto.package.documents.map((d) => ({ ...d })) },
          consent: { ...dto.consent },
          ...this.cases.deadlines(now),
        },
        metadata: { now, actor: this.cases.actorOf(actor), correlationId: String(request.id) },
      },
      requestContext(request),
    );
    return caseResponse(reply, outcome);
  }
}
