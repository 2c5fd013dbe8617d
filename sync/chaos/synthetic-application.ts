// Realistic applications with made-up people (valid GB 11643 check digits), about 0.7 KB each as JSON.
import { randomUUID } from 'node:crypto';
import { residentIdCheckChar, type ApplicationDoc } from '../protocol/index.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军'];

let counter = 0;

export function syntheticApplication(terminalId: string, random: () => number = Math.random): ApplicationDoc {
  counter++;
  const year = 1940 + Math.floor(random() * 60);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  const first17 = `110105${year}${month}${day}${String(100 + Math.floor(random() * 899))}`;
  const id = randomUUID();
  return {
    id,
    applicationNumber: `YC-${terminalId}-${id.slice(0, 8)}-${counter % 10000}`,
    terminalId,
    serviceId: 'svc-residence-permit',
    applicant: {
      name: SURNAMES[Math.floor(random() * SURNAMES.length)]! + GIVEN[Math.floor(random() * GIVEN.length)]!,
      idNumber: first17 + residentIdCheckChar(first17),
      cardType: 'resident',
    },
    formData: {
      phone: `138${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      currentAddress: `北京市东城区测试街道${Math.floor(random() * 200)}号院${Math.floor(random() * 20)}号楼`,
      reason: '因工作调动需办理居住证，现居住地址已满半年，附租房合同与社保缴纳证明。'.repeat(3),
      employer: '测试科技有限公司',
      contactName: '测试联系人',
    },
    submittedAt: new Date().toISOString(),
    takenOffline: random() < 0.5,
    status: 'queued',
    statusNote: '',
    statusUpdatedAt: '',
    schemaVersion: 1,
    attachments: [],
    _deleted: false,
  };
}
