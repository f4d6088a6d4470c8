import { encodeCommand, encodeMessage, getCommandContent, MessageSplitter, readStatus, TraciReader, TraciWriter } from './traci-codec';
import { CMD, DETECTOR_VAR, TYPE } from './traci-constants';

const bytes = (...v: number[]): Buffer => Buffer.from(v);

describe('TraCI codec', () => {
  it('frames getVersion as a 4-byte message length, a command length and the id', () => {
    expect(encodeMessage([encodeCommand(CMD.GET_VERSION, Buffer.alloc(0))])).toEqual(bytes(0, 0, 0, 6, 2, 0x00));
  });

  it('frames simulationStep with its raw double target time', () => {
    const sut = encodeMessage([encodeCommand(CMD.SIMULATION_STEP, new TraciWriter().double(1.5).toBuffer())]);
    expect(sut).toEqual(bytes(0, 0, 0, 14, 10, 0x02, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0));
  });

  it('encodes a get command as variable, object id and no value', () => {
    const sut = encodeCommand(CMD.GET_INDUCTIONLOOP_VARIABLE, getCommandContent(DETECTOR_VAR.LAST_STEP_VEHICLE_NUMBER, 'L1'));
    expect(sut).toEqual(bytes(9, 0xa0, 0x10, 0, 0, 0, 2, 0x4c, 0x31));
  });

  it('switches to the extended length form above 255 bytes', () => {
    const sut = encodeCommand(0xc2, Buffer.alloc(300, 7));
    expect([...sut.subarray(0, 6)]).toEqual([0, 0, 0, 0x01, 0x32, 0xc2]);
    expect(sut.length).toBe(306);
    expect(new TraciReader(sut).commandLength()).toBe(301);
  });

  it('writes typed values with their type tags', () => {
    const sut = new TraciWriter().typedInt(-2).typedDouble(0).typedString('a').typedStringList(['x', 'yz']).compound(2).ubyte(0xff).byte(-1).toBuffer();
    expect(sut).toEqual(
      bytes(
        TYPE.INTEGER, 0xff, 0xff, 0xff, 0xfe,
        TYPE.DOUBLE, 0, 0, 0, 0, 0, 0, 0, 0,
        TYPE.STRING, 0, 0, 0, 1, 0x61,
        TYPE.STRING_LIST, 0, 0, 0, 2, 0, 0, 0, 1, 0x78, 0, 0, 0, 2, 0x79, 0x7a,
        TYPE.COMPOUND, 0, 0, 0, 2,
        0xff, 0xff,
      ),
    );
  });

  it('reads a status response and then a get response by hand-built bytes', () => {
    const body = bytes(7, 0xa0, 0x00, 0, 0, 0, 0, 14, 0xb0, 0x10, 0, 0, 0, 2, 0x4c, 0x31, TYPE.INTEGER, 0, 0, 0, 3);
    const sut = new TraciReader(body);
    expect(readStatus(sut)).toEqual({ commandId: 0xa0, result: 0, description: '' });
    const response = sut.slice(sut.commandLength());
    expect(response.ubyte()).toBe(0xb0);
    expect(response.ubyte()).toBe(0x10);
    expect(response.string()).toBe('L1');
    expect(response.typedInt()).toBe(3);
    expect(sut.remaining()).toBe(0);
  });

  it('rejects truncated input and unexpected type tags', () => {
    expect(() => new TraciReader(bytes(0, 0, 0)).int()).toThrow(/truncated/);
    expect(() => new TraciReader(bytes(TYPE.DOUBLE, 0, 0, 0, 1)).typedInt()).toThrow(/expected type 0x9/);
  });

  it('splits a TCP stream into messages however it is chunked', () => {
    const sut = new MessageSplitter();
    const stream = Buffer.concat([bytes(0, 0, 0, 6, 1, 2), bytes(0, 0, 0, 5, 9)]);
    expect(sut.push(stream.subarray(0, 3))).toEqual([]);
    expect(sut.push(stream.subarray(3, 8))).toEqual([bytes(1, 2)]);
    expect(sut.push(stream.subarray(8))).toEqual([bytes(9)]);
  });
});
