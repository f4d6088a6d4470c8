import { BadRequestException } from '@nestjs/common';
import { API_ROUTES, type ApiError } from '@arterial/contracts/api/v1';
import { ContractPipe } from './contract.pipe';

/** The 400 body the pipe answers with, or a failure when it let the value through. */
function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse() as ApiError;
    throw error;
  }
  throw new Error('expected a 400');
}

describe(ContractPipe.name, () => {
  describe('on a query string', () => {
    const sut = new ContractPipe('query', API_ROUTES.getDetectorSeries.query);

    it('turns numbers and times into numbers', () => {
      expect(sut.transform({ from: '2025-01-01T00:00:00Z', to: '1735693200000', step: '60' })).toEqual({
        from: Date.UTC(2025, 0, 1),
        to: 1735693200000,
        step: 60,
      });
    });

    it('leaves absent parameters absent', () => {
      expect(sut.transform({})).toEqual({});
    });

    it.each([
      [{ step: 'abc' }, '/query/step'],
      [{ step: '1.5' }, '/query/step'],
      [{ step: '0' }, '/query/step'],
      [{ from: 'yesterday' }, '/query/from'],
      [{ to: ['1', '2'] }, '/query/to'],
    ])('answers 400 naming the failing parameter for %j', (query, path) => {
      const body = refusal(() => sut.transform(query));
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', path });
      expect(body.message).toContain(path);
    });

    it('answers 400 for a date that does not exist', () => {
      expect(refusal(() => sut.transform({ to: '2025-02-30T25:00:00Z' }))).toMatchObject({ path: '/query/to', message: expect.stringMatching(/not a valid time/) });
    });
  });

  describe('on path params', () => {
    const sut = new ContractPipe('params', API_ROUTES.getIntersection.params);

    it('passes a valid id and refuses one outside the id grammar', () => {
      expect(sut.transform({ id: 'J-01' })).toEqual({ id: 'J-01' });
      expect(refusal(() => sut.transform({ id: 'no such junction' }))).toMatchObject({ path: '/params/id' });
    });
  });

  describe('on a body', () => {
    const sut = new ContractPipe('body', API_ROUTES.sendPlan.body);
    const plan = { cycleS: 90, offsetS: 0, splits: [{ phase: 1, greenS: 40 }], reason: 'spec' };

    it('passes a valid body unchanged', () => {
      expect(sut.transform(plan)).toEqual(plan);
    });

    it.each([
      [{ ...plan, splits: [{ phase: 1, greenS: '40' }] }, '/body/splits/0/greenS'],
      [{ ...plan, reason: '' }, '/body/reason'],
      [{ ...plan, cycleS: undefined }, '/body/cycleS'],
      [{ ...plan, validFor: 60 }, '/body/validFor'],
      [[plan], '/body'],
    ])('answers 400 naming the failing field (%#)', (body, path) => {
      expect(refusal(() => sut.transform(body))).toMatchObject({ statusCode: 400, path });
    });

    it('does not convert body strings into numbers', () => {
      expect(refusal(() => sut.transform({ ...plan, cycleS: '90' }))).toMatchObject({ path: '/body/cycleS' });
    });
  });
});
