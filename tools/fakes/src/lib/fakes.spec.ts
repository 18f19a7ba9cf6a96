import { fakes } from './fakes';

describe('fakes', () => {
  it('should work', () => {
    expect(fakes()).toEqual('fakes');
  });
});
