/**
 * The shipped dictionary of wrong forms of official terms (错敏词): homophone and look-alike typos
 * of names and formulations that a government account must write exactly. Each right form is
 * quoted from the document named as its source. The office adds its own (local place and unit
 * names) through 错敏词库 (admin), stored in wording_terms; these stay as shipped.
 *
 * A hit is only ever a suspicion shown to the inspector with the screenshot's crop: OCR invents
 * typos of its own (目 → 自, 市 → 币), so nothing here fails an item by itself.
 */
import type { WordingTerm } from '../../src/core'

const CONSTITUTION = '《中华人民共和国宪法》'
const PARTY_CONSTITUTION = '《中国共产党章程》'
const REPORT_19 = '党的十九大报告（2017）'
const REPORT_20 = '党的二十大报告（2022）'

export const SHIPPED_TERMS: readonly WordingTerm[] = [
  { wrong: '中华人名共和国', right: '中华人民共和国', source: CONSTITUTION },
  { wrong: '中华人民共合国', right: '中华人民共和国', source: CONSTITUTION },
  { wrong: '中华人民共和囯', right: '中华人民共和国', source: CONSTITUTION },
  { wrong: '全国人民代表大汇', right: '全国人民代表大会', source: CONSTITUTION },
  { wrong: '人民代表大汇', right: '人民代表大会', source: CONSTITUTION },
  { wrong: '人民政付', right: '人民政府', source: CONSTITUTION },
  { wrong: '人民政俯', right: '人民政府', source: CONSTITUTION },
  { wrong: '国务苑', right: '国务院', source: CONSTITUTION },
  { wrong: '中国共产档', right: '中国共产党', source: PARTY_CONSTITUTION },
  { wrong: '中国共产觉', right: '中国共产党', source: PARTY_CONSTITUTION },
  { wrong: '社会主意', right: '社会主义', source: PARTY_CONSTITUTION },
  { wrong: '马克思主意', right: '马克思主义', source: PARTY_CONSTITUTION },
  { wrong: '毛泽东思像', right: '毛泽东思想', source: PARTY_CONSTITUTION },
  { wrong: '邓小平理伦', right: '邓小平理论', source: PARTY_CONSTITUTION },
  { wrong: '三个代面', right: '三个代表', source: PARTY_CONSTITUTION },
  { wrong: '科学发展规', right: '科学发展观', source: PARTY_CONSTITUTION },
  { wrong: '不忘出心', right: '不忘初心', source: REPORT_19 },
  { wrong: '牢记使名', right: '牢记使命', source: REPORT_19 },
  { wrong: '全面从严治档', right: '全面从严治党', source: REPORT_19 },
  { wrong: '人类命运共同休', right: '人类命运共同体', source: REPORT_19 },
  { wrong: '中国式现代话', right: '中国式现代化', source: REPORT_20 },
  { wrong: '高质量发屏', right: '高质量发展', source: REPORT_20 },
  { wrong: '脱贫功坚', right: '脱贫攻坚', source: '《中共中央 国务院关于打赢脱贫攻坚战的决定》（2015）' },
  { wrong: '两学一作', right: '两学一做', source: '中共中央办公厅《关于在全体党员中开展“学党章党规、学系列讲话，做合格党员”学习教育方案》（2016）' },
  { wrong: '营商环竟', right: '营商环境', source: '《优化营商环境条例》（国务院令第722号）' },
  { wrong: '放管服改格', right: '放管服改革', source: '《优化营商环境条例》（国务院令第722号）' },
  { wrong: '政务新媒休', right: '政务新媒体', source: '《国务院办公厅关于推进政务新媒体健康有序发展的意见》（国办发〔2018〕123号）' },
  { wrong: '中国人民政治协商会意', right: '中国人民政治协商会议', source: '《中国人民政治协商会议章程》' },
  { wrong: '乡村振新', right: '乡村振兴', source: '《中华人民共和国乡村振兴促进法》' }
]
