/** One entry of the audit trail as the API returns it. */
export interface AuditItem {
  id: string
  at: string
  actor: { id: string | null; name: string }
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
  ip: string
  /** The entry in plain Chinese: 「张敏 提交了检查结果：不合格」. */
  summary: string
}

const ISSUE_STATUS: Record<string, string> = { open: '待整改', submitted: '已反馈', verified: '已确认', returned: '退回' }
const ROLE: Record<string, string> = { inspector: '检查员', liaison: '联络员', leader: '领导', admin: '管理员' }

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
}

/** 「健康无锡」（无锡市卫生健康委员会，2024年第二季度）: what an entry was about, when it names it. */
function subject(after: unknown): string {
  const account = field(after, 'account')
  if (typeof account !== 'string' || account === '') return ''
  const parts = [field(after, 'unit'), field(after, 'round')].filter((p): p is string => typeof p === 'string' && p !== '')
  return `「${account}」${parts.length ? `（${parts.join('，')}）` : ''}`
}

/** What happened, in the words an office uses. Unknown actions still read sensibly. */
export function describeAudit(e: Pick<AuditItem, 'action' | 'actor' | 'before' | 'after'>): string {
  const who = e.actor.name
  const after = e.after
  switch (e.action) {
    case 'auth.sign-in':
      return `${who} 用微信登录`
    case 'auth.bind':
      return `${who} 用绑定码绑定了微信`
    case 'auth.bind-code-sign-in':
      return `${who} 在浏览器中用绑定码登录`
    case 'auth.sign-out':
      return `${who} 退出登录`
    case 'user.create':
      return `${who} 新建人员「${String(field(after, 'name') ?? '')}」（${ROLE[String(field(after, 'role'))] ?? ''}）`
    case 'user.update':
      return `${who} 修改了人员信息`
    case 'user.deactivate':
      return `${who} 停用了人员「${String(field(after, 'name') ?? '')}」`
    case 'user.bind-code':
      return `${who} 发放了新的绑定码`
    case 'user.sessions-ended':
      return `${who} 让该人员在所有设备上退出登录`
    case 'inspection.submit':
    case 'inspection.resubmit':
      return `${who} ${e.action === 'inspection.resubmit' ? '重新提交' : '提交'}了${subject(after) ? `${subject(after)}的` : ''}检查结果：${field(after, 'verdict') === 'fail' ? '不合格' : '合格'}`
    case 'issue.answer':
      return `${who} 反馈了${subject(after) ? `${subject(after)}的` : ''}整改情况`
    case 'issue.verify':
      return `${who} 确认${subject(after) ? `${subject(after)}的` : ''}整改`
    case 'issue.return':
      return `${who} 退回了${subject(after) ? `${subject(after)}的` : ''}整改反馈${field(after, 'note') ? `：${String(field(after, 'note'))}` : ''}`
    case 'export.issues':
      return `${who} 导出了问题清单（${String(field(after, 'rows') ?? 0)} 条）`
    case 'export.circular':
      return `${who} 生成了通报「${String(field(after, 'title') ?? '')}」`
    case 'practice.submit':
      return `${who} 记录了典型做法`
    case 'practice.update':
      return `${who} 修改了典型做法`
    case 'practice.edit':
      return `${who} ${field(after, 'picked') === true ? '选用' : '编辑'}了「${String(field(after, 'account') ?? '')}」的典型做法`
    case 'circular.update':
      return `${who} 修改了通报${field(after, 'docNo') ? `（${String(field(after, 'docNo'))}）` : ''}`
    case 'reminder.sent':
      return '系统发送了整改提醒'
    case 'registry.import':
      return `${who} 导入了台账「${String(field(after, 'filename') ?? '')}」：新增 ${Number(field(after, 'created') ?? 0)}，更新 ${Number(field(after, 'updated') ?? 0)}，注销 ${Number(field(after, 'closed') ?? 0)}`
    case 'account.create':
      return `${who} 新增账号「${String(field(after, 'name') ?? '')}」`
    case 'account.update':
      return `${who} 更新了账号「${String(field(after, 'name') ?? '')}」`
    case 'account.close':
      return `${who} 注销了账号`
    case 'export.registry':
      return `${who} 导出了账号台账（${String(field(after, 'rows') ?? 0)} 个账号）`
    case 'round.create':
      return `${who} 创建了检查批次「${String(field(after, 'name') ?? '')}」（${String(field(after, 'accounts') ?? 0)} 个账号）`
    case 'round.assign':
      return `${who} 分配了检查任务（${String(field(after, 'accounts') ?? 0)} 个账号）`
    case 'round.open':
      return `${who} 开始了检查批次`
    case 'round.close':
      return `${who} 结束了检查批次`
    case 'catalog.clone':
      return `${who} 复制了检查指标，作为新版本草稿`
    case 'catalog.update':
      return `${who} 修改了检查指标草稿`
    case 'catalog.publish':
      return `${who} 发布了检查指标新版本`
    case 'wording-term.add':
      return `${who} 在错敏词库中加入「${String(field(after, 'wrong') ?? '')}」→「${String(field(after, 'right') ?? '')}」`
    case 'wording-term.remove':
      return `${who} 从错敏词库中删除「${String(field(e.before, 'wrong') ?? '')}」`
    case 'leader.add':
      return `${who} 在领导职务表中加入「${String(field(after, 'name') ?? '')}」（${String(field(after, 'title') ?? '')}）`
    case 'leader.change':
      return `${who} 将领导职务表中「${String(field(after, 'name') ?? '')}」改为「${String(field(after, 'title') ?? '')}」（${String(field(after, 'since') ?? '')}起）`
    case 'leader.remove':
      return `${who} 从领导职务表中删除「${String(field(e.before, 'name') ?? '')}」`
    case 'people.import':
      return `${who} 批量导入人员：新建 ${Number(field(after, 'created') ?? 0)} 人`
    case 'invitation.create':
      return `${who} 生成了「${String(field(after, 'unit') ?? '')}」的加入邀请`
    case 'invitation.revoke':
      return `${who} 撤销了「${String(field(after, 'unit') ?? '')}」的加入邀请`
    case 'user.join':
      return `${who} 通过单位邀请确认手机号 ${String(field(after, 'phone') ?? '')}，绑定了微信`
    case 'join.request':
      return `手机号 ${String(field(after, 'phone') ?? '')} 申请加入「${String(field(after, 'unit') ?? '')}」，等待管理员确认`
    case 'join.approve':
      return `${who} 同意了加入申请：「${String(field(after, 'name') ?? '')}」成为联络员`
    case 'join.reject':
      return `${who} 拒绝了手机号 ${String(field(after, 'phone') ?? '')} 的加入申请`
    case 'department.create':
      return `${who} 新增单位「${String(field(after, 'name') ?? '')}」`
    default:
      return `${who} ${e.action}${field(after, 'status') ? `（${ISSUE_STATUS[String(field(after, 'status'))] ?? ''}）` : ''}`
  }
}
