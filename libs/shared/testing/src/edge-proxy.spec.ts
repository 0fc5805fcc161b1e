import { parseEdgeServers } from './edge-proxy';

// The head of HAProxy 2.6's `/stats;csv`, cut to the first 37 columns (it has more; they are read by name).
const header = '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status';
const row = (pxname: string, svname: string, stot: number, status: string, check: string) =>
  [pxname, svname, '0', '0', '0', '1', '', String(stot), ...Array(9).fill('0'), status, '1', '1', '0', '0', '0', '5', '0', '', '1', '2', '1', '', String(stot), '', '2', '0', '', '3', check].join(',');

describe('parseEdgeServers', () => {
  it('reads the gateways backend’s servers: name, state, requests served and the last check', () => {
    const csv = [
      header,
      row('store', 'FRONTEND', 300, 'OPEN', ''),
      row('gateways', 'gateway1', 200, 'UP', 'L7OK'),
      row('gateways', 'gateway2', 100, 'DOWN', 'L7STS'),
      row('gateways', 'BACKEND', 300, 'UP', ''),
      row('stats', 'FRONTEND', 4, 'OPEN', ''),
      '',
    ].join('\n');
    expect(parseEdgeServers(csv)).toEqual([
      { name: 'gateway1', status: 'UP', requests: 200, lastCheck: 'L7OK' },
      { name: 'gateway2', status: 'DOWN', requests: 100, lastCheck: 'L7STS' },
    ]);
  });
});
