// The ceiling for register-firm: a bare Fastify app with one POST /firms route that validates the body as
// the service does (RegisterFirmDto; class-transformer + class-validator with the options of the platform's
// ValidationPipe) and answers 201 with a constant body of the service's shape — no Nest, no guard, no
// database. What HTTP + JSON + DTO validation alone cost on this machine.
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import Fastify from 'fastify';
import { RegisterFirmDto } from '../src/firms/register-firm/register-firm.controller';
import { runChild } from '@baton/testing/bench';

const CREATED = JSON.stringify({
  firmId: '1b414600-f22c-813d-83b7-ffe54f49381f',
  revision: 0,
  position: '1065.32',
  events: ['FirmRegistered'],
});

runChild(async () => {
  const app = Fastify({ logger: false, bodyLimit: Number(process.env.HTTP_BODY_LIMIT ?? 1024 * 1024) });
  app.post('/firms', async (request, reply) => {
    const dto = plainToInstance(RegisterFirmDto, request.body);
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    });
    if (errors.length) return reply.code(400).send({ errors: errors.map((e) => e.property) });
    return reply.code(201).header('content-type', 'application/json; charset=utf-8').send(CREATED);
  });
  const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  return { url, close: () => app.close() };
});
