import { describeAudit } from '../../src/core'

/** The audit trail in the words an office reads: one sentence per action, from who did it and what changed. */
describe('the audit trail in plain Chinese', () => {
  const by = (action: string, after: unknown = null) => describeAudit({ action, actor: { id: 'u-admin', name: '王珊' }, before: null, after })

  it.each([
    ['auth.sign-in', null, '王珊 用微信登录'],
    ['auth.bind', null, '王珊 用绑定码绑定了微信'],
    ['auth.sign-out', null, '王珊 退出登录'],
    ['user.create', { name: '赵磊', role: 'liaison' }, '王珊 新建人员「赵磊」（联络员）'],
    ['user.create', { name: '钱芳', role: 'leader' }, '王珊 新建人员「钱芳」（领导）'],
    ['user.create', { name: '孙丽' }, '王珊 新建人员「孙丽」（）'],
    ['user.create', {}, '王珊 新建人员「」（）'],
    ['user.update', { name: '赵磊' }, '王珊 修改了人员信息'],
    ['user.deactivate', { name: '赵磊' }, '王珊 停用了人员「赵磊」'],
    ['user.deactivate', null, '王珊 停用了人员「」'],
    ['user.bind-code', null, '王珊 发放了新的绑定码'],
    ['user.sessions-ended', null, '王珊 让该人员在所有设备上退出登录'],
    ['inspection.submit', { verdict: 'fail' }, '王珊 提交了检查结果：不合格'],
    ['inspection.submit', { verdict: 'pass' }, '王珊 提交了检查结果：合格'],
    ['inspection.resubmit', { verdict: 'fail' }, '王珊 重新提交了检查结果：不合格'],
    ['issue.answer', null, '王珊 反馈了整改情况'],
    ['inspection.submit', { verdict: 'fail', account: '健康无锡', unit: '无锡市卫生健康委员会', round: '2024年第二季度' }, '王珊 提交了「健康无锡」（无锡市卫生健康委员会，2024年第二季度）的检查结果：不合格'],
    ['inspection.resubmit', { verdict: 'pass', account: '无锡发布', unit: '', round: '第三季度' }, '王珊 重新提交了「无锡发布」（第三季度）的检查结果：合格'],
    ['issue.answer', { account: '健康无锡', unit: '市卫健委' }, '王珊 反馈了「健康无锡」（市卫健委）的整改情况'],
    ['issue.verify', { account: '健康无锡' }, '王珊 确认「健康无锡」的整改'],
    ['issue.return', { account: '健康无锡', round: 'Q2', note: '截图不清' }, '王珊 退回了「健康无锡」（Q2）的整改反馈：截图不清'],
    ['auth.bind-code-sign-in', null, '王珊 在浏览器中用绑定码登录'],
    ['issue.verify', null, '王珊 确认整改'],
    ['issue.return', { note: '截图不清' }, '王珊 退回了整改反馈：截图不清'],
    ['issue.return', {}, '王珊 退回了整改反馈'],
    ['export.issues', { rows: 12 }, '王珊 导出了问题清单（12 条）'],
    ['export.issues', null, '王珊 导出了问题清单（0 条）'],
    ['reminder.sent', null, '系统发送了整改提醒'],
    ['registry.import', { filename: '台账.xlsx', created: 3, updated: 2, closed: 1 }, '王珊 导入了台账「台账.xlsx」：新增 3，更新 2，注销 1'],
    ['registry.import', null, '王珊 导入了台账「」：新增 0，更新 0，注销 0'],
    ['account.create', { name: '健康无锡' }, '王珊 新增账号「健康无锡」'],
    ['export.registry', { rows: 425 }, '王珊 导出了账号台账（425 个账号）'],
    ['export.registry', null, '王珊 导出了账号台账（0 个账号）'],
    ['round.create', { name: '2024年第三季度', accounts: 213 }, '王珊 创建了检查批次「2024年第三季度」（213 个账号）'],
    ['round.create', null, '王珊 创建了检查批次「」（0 个账号）'],
    ['round.assign', { accounts: 213 }, '王珊 分配了检查任务（213 个账号）'],
    ['round.assign', null, '王珊 分配了检查任务（0 个账号）'],
    ['round.open', null, '王珊 开始了检查批次'],
    ['round.close', null, '王珊 结束了检查批次'],
    ['catalog.clone', null, '王珊 复制了检查指标，作为新版本草稿'],
    ['catalog.update', null, '王珊 修改了检查指标草稿'],
    ['catalog.publish', null, '王珊 发布了检查指标新版本'],
    ['account.update', { name: '健康无锡' }, '王珊 更新了账号「健康无锡」'],
    ['account.close', null, '王珊 注销了账号'],
    ['department.create', { name: '锡山区税务局' }, '王珊 新增单位「锡山区税务局」'],
    ['issue.reopen', { status: 'open' }, '王珊 issue.reopen（待整改）'],
    ['issue.reopen', { status: 'lost' }, '王珊 issue.reopen（）'],
    ['round.reopen', 'not an object', '王珊 round.reopen']
  ])('%s %j reads 「%s」', (action, after, text) => {
    expect(by(action, after)).toBe(text)
  })
})
