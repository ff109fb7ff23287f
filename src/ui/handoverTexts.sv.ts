/** "Lämna över till torget" on the case view of a kranskommun's samordningsteam. */
export const handoverSv = {
  heading: 'Lämna över till torget',
  intro: (torg: string) =>
    `Personen aktualiserades till ${torg} och bereddes först av kommunens beredningsgrupp. Gruppen sade nej och bedömde att ${torg} bör ta ärendet. Du kan lämna över personen till ${torg}: ett nytt ärende skapas med kommunen som aktualiserande part och samma samtycke, länkat till det här ärendet, och bereds av torgets beredningsgrupp i Umeå.`,
  targetGroup: 'Målgrupp vid torget',
  chooseTargetGroupOption: 'Välj målgrupp',
  button: (torg: string) => `Lämna över till ${torg}`,
  done: (caseId: string) => `Personen är överlämnad till torget i ärende ${caseId}.`,
  handedOver: (caseId: string) => `Personen har lämnats över till torget i ärende ${caseId}.`,
  openCase: 'Öppna ärendet',
  notJudged: (torg: string) =>
    `Personen aktualiserades till ${torg}, men kommunens beredningsgrupp sade nej utan att bedöma att ${torg} bör ta ärendet. Därför kan ärendet inte lämnas över till torget. Se beredningens motivering och rekommendation.`,
  notAllowed:
    'Du kan inte lämna över det här ärendet till torget. Det kan bara en handläggare i hemkommunen göra, efter att kommunens beredningsgrupp har sagt nej och bedömt att torget bör ta ärendet.',
  chooseTargetGroup: 'Välj målgrupp vid torget.',
  criteriaNotMet: (reason: string) => `Ärendet kan inte lämnas över till torget: ${reason}`,
};
