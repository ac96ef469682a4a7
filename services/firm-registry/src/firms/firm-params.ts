import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class FirmParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a firm id (UUID)' })
  firmId!: string;
}
