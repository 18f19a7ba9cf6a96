import { BadRequestException, ConflictException } from '@nestjs/common';
import { ExternalServiceError } from '../errors/external-service.error';
import { runWithCorrelation } from '../logging/correlation';
import { AllExceptionsFilter } from './all-exceptions.filter';

describe('AllExceptionsFilter.toBody', () => {
  const filter = new AllExceptionsFilter();

  it('lists validation messages under errors', () => {
    const body = runWithCorrelation({ correlationId: 'c1' }, () => filter.toBody(new BadRequestException(['password must be longer than or equal to 10 characters'])));
    expect(body).toEqual({ statusCode: 400, message: 'Validation failed', errors: ['password must be longer than or equal to 10 characters'], correlationId: 'c1' });
  });

  it('keeps the message of other HTTP errors', () => {
    expect(filter.toBody(new ConflictException('admin already exists'))).toMatchObject({ statusCode: 409, message: 'admin already exists' });
  });

  it('maps body parser errors to 4xx', () => {
    expect(filter.toBody(Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' }))).toMatchObject({ statusCode: 400, message: 'Malformed JSON in request body' });
  });

  it('maps an unreachable external service to 503 and other failures to 502', () => {
    expect(filter.toBody(new ExternalServiceError('slskd', 'connection refused', { code: 'unreachable' })).statusCode).toBe(503);
    expect(filter.toBody(new ExternalServiceError('slskd', 'boom', { status: 500 })).statusCode).toBe(502);
  });

  it('hides unknown errors', () => {
    const body = filter.toBody(new Error('secret database password in message'));
    expect(body).toMatchObject({ statusCode: 500, message: 'Internal server error' });
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
