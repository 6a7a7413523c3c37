<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../app/ui/app.py" line="85"/>
        <source>SiteDesk</source>
        <translation>工区服务台</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="86"/>
        <source>The database cannot be opened:</source>
        <translation>无法打开数据库：</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../app/ui/charts.py" line="65"/>
        <source>No requests</source>
        <translation>暂无诉求</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../app/ui/camera.py" line="59"/>
        <source>Take a photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera.py" line="74"/>
        <source>Face the camera, head and shoulders inside the frame, plain background.</source>
        <translation>请正对摄像头，头肩位于框内，背景尽量单一。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera.py" line="79"/>
        <source>Take the photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera.py" line="100"/>
        <source>No camera found on this PC. Choose a photo file instead.</source>
        <translation>本机未找到摄像头，请改为选择照片文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera.py" line="107"/>
        <source>The camera failed:</source>
        <translation>摄像头出错：</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="75"/>
        <source>New handout</source>
        <translation>新建物资发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="80"/>
        <source>e.g. Heat relief</source>
        <translation>如：防暑降温</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="87"/>
        <source>Number of the request that asked for it, if any</source>
        <translation>由哪条诉求引起（诉求编号，可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="88"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="89"/>
        <source>Date</source>
        <translation>发放日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="90"/>
        <source>Place</source>
        <translation>发放地点</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="91"/>
        <source>Reason</source>
        <translation>发放事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="92"/>
        <source>Caused by request</source>
        <translation>关联诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="96"/>
        <source>Recipients</source>
        <translation>发放对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="108"/>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="109"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="119"/>
        <source>Items: how much per team and per head</source>
        <translation>物资：每队、每人发放数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="123"/>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="123"/>
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="123"/>
        <source>Per team</source>
        <translation>每队</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="123"/>
        <source>Per head</source>
        <translation>每人</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="141"/>
        <source>Per head: each worker of a chosen team who is on site.</source>
        <translation>每人：所选队组中每名在场工人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="189"/>
        <source>There is no request {number}.</source>
        <translation>找不到诉求 {number}。</translation>
    </message>
</context>
<context>
    <name>Category</name>
    <message>
        <location filename="../../app/ui/labels.py" line="72"/>
        <source>Wages</source>
        <translation>工资待遇</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="73"/>
        <source>Work safety</source>
        <translation>安全生产</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="74"/>
        <source>Living conditions</source>
        <translation>生活保障</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="75"/>
        <source>Health</source>
        <translation>医疗健康</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="76"/>
        <source>Legal help</source>
        <translation>法律援助</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="77"/>
        <source>Skills training</source>
        <translation>技能培训</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="78"/>
        <source>Psychological help</source>
        <translation>心理帮扶</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="79"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <location filename="../../app/ui/labels.py" line="51"/>
        <source>QR code</source>
        <translation>扫码</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="52"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="53"/>
        <source>Counter</source>
        <translation>现场窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="54"/>
        <source>Suggestion box</source>
        <translation>意见箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="55"/>
        <source>Night patrol</source>
        <translation>夜巡</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="56"/>
        <source>Door-to-door visit</source>
        <translation>上门走访</translation>
    </message>
</context>
<context>
    <name>Conflict</name>
    <message>
        <location filename="../../app/ui/labels.py" line="107"/>
        <source>The same ID number registered twice</source>
        <translation>同一证件号码重复登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="108"/>
        <source>The same entitlement handed out twice</source>
        <translation>同一物资重复发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="109"/>
        <source>A request step that collided with another</source>
        <translation>诉求办理环节冲突</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="67"/>
        <source>Conflict: {what}</source>
        <translation>冲突：{what}</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="79"/>
        <source>Record {n}</source>
        <translation>记录 {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="94"/>
        <source>Note on the decision (who checked, what was found)</source>
        <translation>处理说明（谁核实的、核实结果）</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="104"/>
        <source>Only a site manager may decide.</source>
        <translation>须由站点负责人处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="118"/>
        <source>Two PCs or two sites registered the same ID number. If it is one person, keep the record that is right; if they are different people, keep both.</source>
        <translation>两台电脑或两个工区登记了同一个证件号码。如果是同一个人，请保留正确的那条记录；如果确是不同的人，请两条都保留。</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="122"/>
        <source>Two PCs, offline, each recorded this handout. If both really went out, say so; if the extra goods came back, they return to stock.</source>
        <translation>两台电脑在离线时都登记了这次发放。如果确实发了两次，请说明；如果多发的物资已收回，将退回库存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="126"/>
        <source>This step was taken on another PC while this one took a different step; it is kept in the history but not in effect. Take the right step on the request by hand if needed, then mark this as seen.</source>
        <translation>这一步是在另一台电脑上办理的，同时本机办理了另一步；它保留在办理过程中但未生效。如有需要，请在诉求上手工办理正确的一步，然后标记为已知悉。</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="134"/>
        <source>Work area</source>
        <translation>工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="135"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="136"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="137"/>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="138"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="139"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="140"/>
        <source>Trade</source>
        <translation>工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="141"/>
        <source>Status</source>
        <translation>在场状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="142"/>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="143"/>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="144"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="145"/>
        <source>Recipient</source>
        <translation>领取人</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="146"/>
        <source>Handed out</source>
        <translation>发放时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="147"/>
        <location filename="../../app/ui/conflict_dialog.py" line="151"/>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="148"/>
        <source>Request</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="149"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="150"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="152"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="153"/>
        <source>Stage now</source>
        <translation>现在阶段</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="159"/>
        <source>Keep record {n}</source>
        <translation>保留记录 {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="162"/>
        <source>Different people: keep both</source>
        <translation>不同的人：都保留</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="165"/>
        <source>Both really went out</source>
        <translation>确实发了两次</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="166"/>
        <source>The extra came back to stock</source>
        <translation>多发的已退回库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="168"/>
        <source>Seen</source>
        <translation>已知悉</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflict_dialog.py" line="189"/>
        <source>Decided. The decision reaches the other PCs with the next sync.</source>
        <translation>已处理，处理结果将随下次同步发送到其他电脑。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="204"/>
        <source>Headquarters · all work areas at a glance</source>
        <translation>项目部 · 各工区概况</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="212"/>
        <source>Count again</source>
        <translation>重新统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="219"/>
        <source>Work areas</source>
        <translation>工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="220"/>
        <source>Workers on site</source>
        <translation>在场工人</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="221"/>
        <source>Requests in progress</source>
        <translation>办理中诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="222"/>
        <source>Satisfied %</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="223"/>
        <source>Handouts this month</source>
        <translation>本月发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="224"/>
        <source>Conflicts to decide</source>
        <translation>待处理冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="262"/>
        <source>Double-click a work area for its figures and its lists. Red background: no sync for over 7 days.</source>
        <translation>双击工区查看其各项数字和清单。红底：超过 7 天未同步。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="268"/>
        <source>By work area</source>
        <translation>各工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="274"/>
        <source>The same ID number registered at more than one work area (compared by a keyed fingerprint, never the number itself). Double-click to decide it in its conflict: keep one registration, or keep both as different people.</source>
        <translation>同一证件号码在多个工区登记（按加密指纹比对，不比对号码本身）。双击可在对应的冲突中处理：保留其中一条登记，或确认为不同的人、两条都保留。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="282"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="282"/>
        <source>Registered at</source>
        <translation>登记工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="282"/>
        <source>Conflict</source>
        <translation>冲突处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="286"/>
        <source>Registered at two sites</source>
        <translation>在两个工区登记的人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="308"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="331"/>
        <source>Headquarters</source>
        <translation>项目部</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="335"/>
        <source>No sync for over 7 days: {n}</source>
        <translation>超过 7 天未同步：{n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="337"/>
        <source>All synced within 7 days</source>
        <translation>7 天内均已同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="341"/>
        <source>Registered in all: {n}</source>
        <translation>累计登记 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="345"/>
        <source>Overdue: {n} · received this month: {m}</source>
        <translation>超期 {n} · 本月受理 {m}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="351"/>
        <source>Of {n} called back</source>
        <translation>回访 {n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="355"/>
        <source>In all: {n} · items out of stock: {m}</source>
        <translation>累计 {n} 次 · 缺货物资 {m} 种</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="361"/>
        <source>Registered at two sites: {n}</source>
        <translation>跨工区重复登记 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="367"/>
        <source>Registered at two sites ({n})</source>
        <translation>在两个工区登记的人员（{n}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="376"/>
        <source>Requests in progress by work area</source>
        <translation>各工区办理中的诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="378"/>
        <source>The {n} work areas with the most requests in progress</source>
        <translation>办理中诉求最多的 {n} 个工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="384"/>
        <source>In progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="385"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="392"/>
        <source>on site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="393"/>
        <source>left</source>
        <translation>已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="394"/>
        <source>not entered</source>
        <translation>未进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="402"/>
        <source>{team}, {presence}</source>
        <translation>{team}，{presence}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="405"/>
        <source>{code} {site}: {name} ({how})</source>
        <translation>{code} {site}：{name}（{how}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="411"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="413"/>
        <source>Not in the conflicts queue yet</source>
        <translation>尚未进入冲突清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="415"/>
        <source>To decide</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="417"/>
        <source>Decided: different people</source>
        <translation>已处理：不同的人</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="419"/>
        <source>Decided: one registration kept</source>
        <translation>已处理：保留一条登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="461"/>
        <source>This one is not in the conflicts queue yet: it appears after a sync.</source>
        <translation>此项尚未进入冲突清单：下次同步后出现。</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <location filename="../../app/ui/exporting.py" line="29"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/exporting.py" line="48"/>
        <source>Exported {n} rows to {path}.</source>
        <translation>已导出 {n} 行到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exporting.py" line="55"/>
        <source>Not exported:</source>
        <translation>导出失败：</translation>
    </message>
    <message>
        <location filename="../../app/ui/exporting.py" line="60"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>HandoutPage</name>
    <message>
        <location filename="../../app/ui/handout_page.py" line="89"/>
        <source>Handout</source>
        <translation>发放活动</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="96"/>
        <source>New handout…</source>
        <translation>新建发放…</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="98"/>
        <source>Stock…</source>
        <translation>库存…</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="100"/>
        <source>Attach the signed sheet…</source>
        <translation>附签收表照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="102"/>
        <source>A photo of the sign-off sheet with the signatures: the proof of the handout</source>
        <translation>签字后的签收表照片：发放的凭证</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="105"/>
        <location filename="../../app/ui/handout_page.py" line="492"/>
        <source>Close this handout</source>
        <translation>结束本次发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="107"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="108"/>
        <source>This handout&apos;s records, to an Excel workbook</source>
        <translation>将本次发放记录导出为 Excel 工作簿</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="128"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="128"/>
        <source>Per team</source>
        <translation>按队</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="128"/>
        <source>Per head</source>
        <translation>按人</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="135"/>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="136"/>
        <source>Due</source>
        <translation>应发</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="137"/>
        <source>Handed out</source>
        <translation>已发</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="138"/>
        <source>To go</source>
        <translation>待发</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="139"/>
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="146"/>
        <location filename="../../app/ui/handout_page.py" line="173"/>
        <source>Hand out</source>
        <translation>发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="150"/>
        <source>Scan a worker card, or type a name or the last 4 of the ID and press Enter</source>
        <translation>扫描工卡，或输入姓名、证件号后四位后按回车</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="156"/>
        <source>Hand out as soon as a card is scanned</source>
        <translation>扫码即发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="159"/>
        <location filename="../../app/ui/handout_page.py" line="219"/>
        <source>Nobody chosen yet</source>
        <translation>尚未选择领取人</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="163"/>
        <source>Entitled to</source>
        <translation>应领物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="163"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="166"/>
        <source>Who signs for the team (name)</source>
        <translation>代表队组领取人姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="170"/>
        <source>Already handed out? Only with a reason, e.g. the first ones were spoilt</source>
        <translation>已领过仍需再发？须填写原因，如第一次的已损坏</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="208"/>
        <source>(closed)</source>
        <translation>（已结束）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="211"/>
        <source>No handouts yet: create one</source>
        <translation>尚无发放活动，请新建</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="227"/>
        <source>This handout is closed; it can no longer be handed out.</source>
        <translation>本次发放已结束，不能再发放。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="242"/>
        <source>{done} of {n} teams done</source>
        <translation>{n} 个队组中已发完 {done} 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="247"/>
        <source>{n} signed sheets attached</source>
        <translation>已附签收表 {n} 份</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="282"/>
        <source>Not enough in stock for what is still to go</source>
        <translation>库存不足以发完待发数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="327"/>
        <source>To hand out</source>
        <translation>待领</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="331"/>
        <source>Handed out {when} by {who}</source>
        <translation>已于 {when} 由 {who} 发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="339"/>
        <source>Nothing in this handout</source>
        <translation>本次发放没有应领物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="374"/>
        <source>Scan a card or choose a team first.</source>
        <translation>请先扫描工卡或选择队组。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="398"/>
        <source>Handed out to {who}: {what}.</source>
        <translation>已发放给 {who}：{what}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="409"/>
        <source>Photo of the signed sheet</source>
        <translation>签收表照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="411"/>
        <source>Pictures or PDF (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>图片或 PDF (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="423"/>
        <source>Choose a JPEG, PNG or PDF file.</source>
        <translation>请选择 JPEG、PNG 或 PDF 文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="429"/>
        <source>The file cannot be read:</source>
        <translation>文件无法读取：</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="443"/>
        <source>The signed sheet is kept with this handout.</source>
        <translation>签收表已随本次发放保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="453"/>
        <source>Export handouts</source>
        <translation>导出发放记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_page.py" line="493"/>
        <source>After closing, nothing more can be handed out in it. Close it?</source>
        <translation>结束后将不能再发放。确定结束本次发放吗？</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="28"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="30"/>
        <source>SiteDesk — {site}</source>
        <translation>工区服务台 — {site}</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="35"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="36"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="85"/>
        <location filename="../../app/ui/main_window.py" line="280"/>
        <location filename="../../app/ui/main_window.py" line="335"/>
        <source>SiteDesk</source>
        <translation>工区服务台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="102"/>
        <source>Workers on site</source>
        <translation>在场工人</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="103"/>
        <source>Labour teams and crews</source>
        <translation>劳务队／班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="104"/>
        <source>Requests in progress</source>
        <translation>办理中诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="105"/>
        <source>Requests closed</source>
        <translation>已办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="106"/>
        <source>Supply handouts</source>
        <translation>物资发放记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="107"/>
        <source>Notices</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="122"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="122"/>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="165"/>
        <source>Requests</source>
        <comment>navigation</comment>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="166"/>
        <source>Workers</source>
        <translation>实名制</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="167"/>
        <source>Supplies</source>
        <translation>物资发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="168"/>
        <source>Notices and printing</source>
        <translation>公示与打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="169"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="170"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="199"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="272"/>
        <source>Headquarters</source>
        <translation>项目部</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="272"/>
        <source>Work area</source>
        <translation>工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="275"/>
        <source>{kind} {code} · this PC: {tag}</source>
        <translation>{kind}代码 {code} · 本机标识 {tag}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="283"/>
        <source>Registered in all: {n}</source>
        <translation>累计登记 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="287"/>
        <source>Labour companies: {n}</source>
        <translation>劳务企业 {n} 家</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="293"/>
        <source>Awaiting acceptance: {n}</source>
        <translation>其中待受理 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="297"/>
        <source>Received in all: {n}</source>
        <translation>累计受理 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="301"/>
        <source>Handout campaigns: {n}</source>
        <translation>发放活动 {n} 次</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="319"/>
        <source>Change journal: {seq} changes from this PC ({total} in all), latest {when}.</source>
        <translation>变更日志：本机 {seq} 条（共 {total} 条），最新于 {when}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="324"/>
        <source>Database schema: {rev}.</source>
        <translation>数据库版本：{rev}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="338"/>
        <source>Requests: {n} overdue at all work areas</source>
        <translation>诉求：各工区共 {n} 件超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="340"/>
        <location filename="../../app/ui/main_window.py" line="352"/>
        <source>Requests: none overdue</source>
        <translation>诉求：无超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="356"/>
        <source>Requests: {overdue} overdue, {soon} due soon</source>
        <translation>诉求：超期 {overdue} 件，即将到期 {soon} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="365"/>
        <source>Sync: syncing…</source>
        <translation>同步：正在同步…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="370"/>
        <source>Sync: not yet synced · {n} changes to send</source>
        <translation>同步：尚未同步 · 待发送 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="374"/>
        <source>Sync: last {when} · {n} changes not yet confirmed</source>
        <translation>同步：最近 {when} · 未确认送达 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="382"/>
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="385"/>
        <source>offline, retrying</source>
        <translation>离线，稍后重试</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="387"/>
        <source>last sync failed</source>
        <translation>上次同步出错</translation>
    </message>
</context>
<context>
    <name>PhotoPicker</name>
    <message>
        <location filename="../../app/ui/photos.py" line="33"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos.py" line="41"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos.py" line="41"/>
        <source>Pictures (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos.py" line="49"/>
        <source>This file is not a JPEG or PNG picture.</source>
        <translation>该文件不是 JPEG 或 PNG 图片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos.py" line="61"/>
        <source>A photo cannot be read:</source>
        <translation>照片无法读取：</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos.py" line="64"/>
        <source>A photo is larger than 20 MB.</source>
        <translation>照片超过 20 MB。</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <location filename="../../app/ui/print_page.py" line="120"/>
        <source>Results of a handout</source>
        <translation>物资发放结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="121"/>
        <source>Requests handled in a month</source>
        <translation>当月诉求办理情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="122"/>
        <source>Free text (rules, announcements)</source>
        <translation>自拟（制度、通知等）</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="123"/>
        <source>Wage-rights board</source>
        <translation>维权信息告示牌</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="135"/>
        <source>The body of the notice</source>
        <translation>公示正文</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="145"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="147"/>
        <source>Default: this work area</source>
        <translation>默认：本工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="154"/>
        <source>Make and preview</source>
        <translation>生成并预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="157"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="158"/>
        <source>Opens the PDF in this PC&apos;s viewer, to print it</source>
        <translation>用本机的 PDF 阅读器打开，在其中打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="160"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="188"/>
        <source>QR poster</source>
        <translation>扫码海报</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="189"/>
        <source>Leaflet</source>
        <translation>服务折页</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="190"/>
        <source>Notice</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="191"/>
        <source>Sign-off sheet</source>
        <translation>签收表</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="192"/>
        <source>Worker cards</source>
        <translation>工卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="193"/>
        <source>Monthly report</source>
        <translation>诉求月报</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="194"/>
        <source>Roster</source>
        <translation>花名册</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="204"/>
        <source>Paper size</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="205"/>
        <source>The QR opens this work area&apos;s request form; A3 for a wall.</source>
        <translation>二维码打开本工区的诉求表单；张贴上墙可选 A3。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="207"/>
        <source>A4, printed on both sides and folded in three.</source>
        <translation>A4 双面打印，三折。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="209"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="210"/>
        <location filename="../../app/ui/print_page.py" line="219"/>
        <source>Handout</source>
        <translation>发放活动</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="211"/>
        <location filename="../../app/ui/print_page.py" line="225"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="212"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="213"/>
        <source>Body</source>
        <translation>正文</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="214"/>
        <source>Posted from</source>
        <translation>公示开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="215"/>
        <source>For</source>
        <translation>公示期</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="216"/>
        <source>Issued by</source>
        <translation>发布单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="217"/>
        <source>ID numbers are printed masked; phone numbers never.</source>
        <translation>证件号码打码印出，电话号码一律不印。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="220"/>
        <source>One section per team, the workers on site pre-filled.</source>
        <translation>每个队组一节，预先填好在场人员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="222"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="223"/>
        <source>Eight cards to an A4 sheet, with cut marks.</source>
        <translation>每张 A4 印八张，带裁切线。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="227"/>
        <source>Every registered worker, numbers masked.</source>
        <translation>全部在册人员，号码打码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="244"/>
        <source>Everyone on site</source>
        <translation>全部在场人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="329"/>
        <source>Making the paper…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="340"/>
        <source>Made a PDF of {n} page(s). Print opens it in the PDF viewer.</source>
        <translation>已生成，共 {n} 页。点“打印”在 PDF 阅读器中打开并打印。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="350"/>
        <source>The paper could not be made:</source>
        <translation>生成失败：</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="360"/>
        <source>No preview:</source>
        <translation>无法预览：</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="369"/>
        <source>… and {n} more pages</source>
        <translation>……另有 {n} 页</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="381"/>
        <source>Save the PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="381"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="392"/>
        <source>Not saved:</source>
        <translation>未能保存：</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_page.py" line="394"/>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../app/ui/tasks.py" line="76"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks.py" line="100"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>RequestDetailDialog</name>
    <message>
        <location filename="../../app/ui/request_detail.py" line="288"/>
        <source>The request</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="292"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="293"/>
        <source>Channel and category</source>
        <translation>渠道与类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="294"/>
        <source>From</source>
        <translation>反映人</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="295"/>
        <source>Team / work point</source>
        <translation>班组 / 工点</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="296"/>
        <source>Time limit</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="297"/>
        <source>Call-back</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="298"/>
        <source>Request</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="306"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="309"/>
        <source>History</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="314"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="314"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="314"/>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="314"/>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="345"/>
        <source>This request no longer exists.</source>
        <translation>该诉求已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="392"/>
        <source>Request {number}</source>
        <translation>诉求 {number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="411"/>
        <source>Anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="417"/>
        <source>the same day (urgent)</source>
        <translation>当日办结（紧急）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="419"/>
        <source>{n} working days</source>
        <translation>{n} 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="422"/>
        <source>, extended by {n}</source>
        <translation>，已延长 {n} 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="440"/>
        <source>{n} photos</source>
        <translation>照片 {n} 张</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="452"/>
        <source>Did not take effect: it collides with a step taken elsewhere</source>
        <translation>未生效：与其他电脑同时进行的办理冲突，请在冲突列表中处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="454"/>
        <source>Did not take effect: the same step was already taken</source>
        <translation>未生效：该环节已由其他电脑办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="459"/>
        <source>not in effect</source>
        <translation>未生效</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="477"/>
        <source>Reason: {text}</source>
        <translation>理由：{text}</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="479"/>
        <source>by {n} working days</source>
        <translation>延长 {n} 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="482"/>
        <source>into {number}</source>
        <translation>并入 {number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="484"/>
        <source>Headquarters</source>
        <translation>项目部</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="485"/>
        <source>to {whom}</source>
        <translation>转至 {whom}</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="489"/>
        <source>the handler is to blame: reopened</source>
        <translation>属承办方原因，重新办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="516"/>
        <source>(photo not on this PC)</source>
        <translation>（照片不在本机）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="532"/>
        <source>Only a site manager may approve this.</source>
        <translation>须由站点负责人批准。</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="553"/>
        <source>Done: {step}. The request is now “{stage}”.</source>
        <translation>已{step}。该诉求现为“{stage}”。</translation>
    </message>
</context>
<context>
    <name>RequestFormDialog</name>
    <message>
        <location filename="../../app/ui/request_form.py" line="69"/>
        <source>Record a request</source>
        <translation>登记诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="87"/>
        <source>received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="89"/>
        <source>Channel</source>
        <translation>反映渠道</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="92"/>
        <source>Anonymous (no name, no phone kept)</source>
        <translation>匿名反映（不记录姓名和电话）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="95"/>
        <source>Find the worker: name, pinyin, last 4 of ID or mobile</source>
        <translation>查找人员：姓名、拼音、证件或手机后四位</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="98"/>
        <location filename="../../app/ui/request_form.py" line="178"/>
        <source>Not from the roster</source>
        <translation>非花名册人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="105"/>
        <source>Worker</source>
        <translation>反映人</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="110"/>
        <source>Mobile, kept sealed</source>
        <translation>手机号（加密保存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="114"/>
        <source>Contact and phone</source>
        <translation>联系人及电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="116"/>
        <source>No team</source>
        <translation>未指定班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="130"/>
        <source>e.g. No. 3 inclined shaft</source>
        <translation>如：3号斜井</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="134"/>
        <source>Team and work point</source>
        <translation>班组及工点</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="145"/>
        <source>Category and urgency</source>
        <translation>类别及紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="147"/>
        <source>Time limit</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="149"/>
        <source>Optional: a few words</source>
        <translation>可不填：几个字概括</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="150"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="152"/>
        <source>What the worker asks for, in their words</source>
        <translation>反映人诉求的内容，尽量记录原话</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="154"/>
        <source>Request</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="156"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="225"/>
        <source>{date}, the same day (urgent)</source>
        <translation>{date}，当日办结（紧急）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_form.py" line="227"/>
        <source>{date} ({n} working days)</source>
        <translation>{date}（{n} 个工作日）</translation>
    </message>
</context>
<context>
    <name>RequestStatsDialog</name>
    <message>
        <location filename="../../app/ui/request_stats.py" line="56"/>
        <source>Monthly request figures</source>
        <translation>诉求月度统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="61"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="67"/>
        <source>Requests received in the month, counted by where they stand today.</source>
        <translation>统计当月受理的诉求，按截至今天的办理情况计算。</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="77"/>
        <location filename="../../app/ui/request_stats.py" line="113"/>
        <location filename="../../app/ui/request_stats.py" line="176"/>
        <source>Received</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="114"/>
        <location filename="../../app/ui/request_stats.py" line="177"/>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="178"/>
        <source>Closed in time</source>
        <translation>按时办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="81"/>
        <source>Open and overdue</source>
        <translation>超期在办</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="105"/>
        <location filename="../../app/ui/request_stats.py" line="181"/>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="106"/>
        <source>By channel</source>
        <translation>按渠道</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="107"/>
        <source>By work area</source>
        <translation>按工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="108"/>
        <source>By work point</source>
        <translation>按工点</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="78"/>
        <location filename="../../app/ui/request_stats.py" line="115"/>
        <source>Closed %</source>
        <translation>办结率</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="79"/>
        <location filename="../../app/ui/request_stats.py" line="116"/>
        <source>In time %</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="117"/>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="118"/>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="119"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="80"/>
        <location filename="../../app/ui/request_stats.py" line="120"/>
        <source>Satisfied %</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="152"/>
        <source>{n} closed, {r} not accepted</source>
        <translation>办结 {n} 件，不予受理 {r} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="159"/>
        <source>{n} of {m} closed</source>
        <translation>办结 {m} 件中 {n} 件按时</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="167"/>
        <source>{n} called back</source>
        <translation>回访 {n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="169"/>
        <source>{n} still open</source>
        <translation>在办 {n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="173"/>
        <source>(no work point)</source>
        <translation>（未填工点）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_stats.py" line="192"/>
        <source>Last {n} months</source>
        <translation>近 {n} 个月</translation>
    </message>
</context>
<context>
    <name>RequestTableModel</name>
    <message>
        <location filename="../../app/ui/request_list.py" line="72"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="73"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="74"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="75"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="76"/>
        <source>Request</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="77"/>
        <source>From</source>
        <translation>反映人</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="78"/>
        <source>Team / work point</source>
        <translation>班组 / 工点</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="79"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="80"/>
        <source>Due</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="81"/>
        <source>Work area</source>
        <translation>工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="126"/>
        <source>Anonymous</source>
        <translation>匿名</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <location filename="../../app/ui/request_list.py" line="162"/>
        <source>Record a request…</source>
        <translation>登记诉求…</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="166"/>
        <source>Monthly figures…</source>
        <translation>月度统计…</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="168"/>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="182"/>
        <source>Search: number, content, contact or work point</source>
        <translation>查找：编号、内容、联系人或工点</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="236"/>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="237"/>
        <source>In progress</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="238"/>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="242"/>
        <source>Any time limit</source>
        <translation>全部时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="243"/>
        <source>Overdue or due soon</source>
        <translation>超期及即将到期</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="244"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="245"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="256"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="257"/>
        <source>All teams</source>
        <translation>全部班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="317"/>
        <source>{n} requests</source>
        <translation>共 {n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="320"/>
        <source>The newest {n} requests (there are more: choose a work area or a filter)</source>
        <translation>最新 {n} 条诉求（还有更多：请选择工区或筛选条件）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="324"/>
        <source>{overdue} overdue, {soon} due soon</source>
        <translation>超期 {overdue} 件，即将到期 {soon} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="333"/>
        <source>The holiday list has no holidays for {year}: time limits count weekends only. Add them in Settings.</source>
        <translation>节假日安排中没有 {year} 年的假日，办理时限暂只扣除周末；请在“设置”中补充。</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="350"/>
        <source>Recorded request {number}.</source>
        <translation>已登记诉求 {number}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_list.py" line="377"/>
        <source>Export requests</source>
        <translation>导出诉求</translation>
    </message>
</context>
<context>
    <name>RosterExportDialog</name>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="264"/>
        <source>Export the roster</source>
        <translation>导出花名册</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="266"/>
        <source>To file: {name}</source>
        <translation>导出到：{name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="268"/>
        <source>Whole ID, phone and card numbers (written to the audit log)</source>
        <translation>导出完整的证件号、电话和银行卡号（记入审计日志）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="272"/>
        <source>Otherwise the numbers are masked, as in the list.</source>
        <translation>不勾选时，号码按列表中的样子脱敏导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="282"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="285"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="302"/>
        <source>Stopped: no file was written.</source>
        <translation>已停止：没有写入文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="307"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="313"/>
        <source>{n} workers written to {name}.</source>
        <translation>已将 {n} 人写入 {name}。</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="72"/>
        <source>Import a roster</source>
        <translation>导入花名册</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="76"/>
        <source>File: {name}</source>
        <translation>文件：{name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="84"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="85"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="86"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="87"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="88"/>
        <source>Trade</source>
        <translation>工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="89"/>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="103"/>
        <source>Show only rows with findings</source>
        <translation>只看有问题的行</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="115"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="119"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="136"/>
        <source>Checking the rows…</source>
        <translation>正在检查各行…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="147"/>
        <source>{n} rows: {good} can be imported, {bad} have errors.</source>
        <translation>共 {n} 行：{good} 行可以导入，{bad} 行有错误。</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="154"/>
        <source>New teams will be made: {teams}.</source>
        <translation>将新建劳务队/班组：{teams}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="159"/>
        <source>Skip the {bad} wrong rows and import the {good} right ones</source>
        <translation>跳过 {bad} 行有错误的行，只导入 {good} 行正确的</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="176"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="201"/>
        <source>Import {n} workers</source>
        <translation>导入 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="215"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_dialogs.py" line="243"/>
        <source>Stopped: nothing was imported.</source>
        <translation>已停止：没有导入任何人员。</translation>
    </message>
</context>
<context>
    <name>Satisfaction</name>
    <message>
        <location filename="../../app/ui/labels.py" line="86"/>
        <source>A · very satisfied</source>
        <translation>A 非常满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="87"/>
        <source>B · satisfied</source>
        <translation>B 满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="88"/>
        <source>C · fairly satisfied</source>
        <translation>C 基本满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="89"/>
        <source>D · dissatisfied</source>
        <translation>D 不满意</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../app/ui/settings_page.py" line="57"/>
        <source>This PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="64"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="68"/>
        <source>Version</source>
        <translation>程序版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="72"/>
        <source>Database</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="75"/>
        <source>Site settings</source>
        <translation>站点设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="79"/>
        <source>Changes are written to the audit log.</source>
        <translation>修改会记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="81"/>
        <source>Only a site manager may change these.</source>
        <translation>只有站点负责人可以修改这些设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="85"/>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="85"/>
        <source>Value</source>
        <translation>当前值</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="97"/>
        <source>New value: years, a date (2026-08-26) or yes/no</source>
        <translation>新值：年数、日期（如 2026-08-26）或 是/否</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="98"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="146"/>
        <source>Choose a setting first.</source>
        <translation>请先选择一项设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_page.py" line="157"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="39"/>
        <source>Set up this PC</source>
        <translation>设置本机</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="43"/>
        <source>This PC has no data yet. With an enrolment code from HQ, paste, scan or open it; otherwise enter the work area this PC serves (several PCs of one work area use the same code).</source>
        <translation>本机还没有数据。有总部发放的注册码时，请粘贴、扫描或打开它；否则请填写本机服务的工区（同一工区的几台电脑使用同一个工区代码）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="54"/>
        <source>Paste or scan the code from HQ, or open its file (optional)</source>
        <translation>粘贴或扫描总部发放的注册码，或打开注册码文件（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="57"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="64"/>
        <source>Enrolment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="67"/>
        <source>e.g. GQ2</source>
        <translation>例如 GQ2</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="69"/>
        <source>e.g. Work Area 2</source>
        <translation>例如 二工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="72"/>
        <source>Fill with demo data (for training)</source>
        <translation>装入演示数据（用于培训）</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="74"/>
        <source>e.g. wang.li</source>
        <translation>如 wangli</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="80"/>
        <source>Work area code</source>
        <translation>工区代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="81"/>
        <source>Work area name</source>
        <translation>工区名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="82"/>
        <source>Service phone</source>
        <translation>服务电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="83"/>
        <source>This PC&apos;s letter</source>
        <translation>本机标识</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="84"/>
        <source>&lt;b&gt;First user (site manager)&lt;/b&gt;</source>
        <translation>&lt;b&gt;第一个用户（站点负责人）&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="85"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="86"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="87"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="88"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="105"/>
        <location filename="../../app/ui/setup_dialog.py" line="150"/>
        <source>This is not an enrolment code from HQ.</source>
        <translation>这不是总部发放的注册码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="113"/>
        <source>Joins work area {code} {name} through the HQ server {server}; the code is valid until {until}.</source>
        <translation>将经总部同步服务器 {server} 加入工区 {code} {name}；注册码有效期至 {until}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="129"/>
        <source>Open enrolment code</source>
        <translation>打开注册码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="129"/>
        <source>Enrolment codes (*.sdenrol)</source>
        <translation>注册码文件 (*.sdenrol)</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="138"/>
        <source>The file could not be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="144"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="173"/>
        <source>Enrolment at the HQ server failed: {reason}</source>
        <translation>在总部同步服务器注册失败：{reason}</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="484"/>
        <source>Last sync: never</source>
        <translation>最近同步：从未</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="486"/>
        <source>Last sync: {when}</source>
        <translation>最近同步：{when}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="490"/>
        <source>{n} PCs</source>
        <translation>{n} 台电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="492"/>
        <source>{n} with a sync problem</source>
        <translation>其中 {n} 台同步有问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="500"/>
        <source>Requests in progress</source>
        <translation>办理中诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="502"/>
        <source>Overdue: {n}</source>
        <translation>超期 {n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="504"/>
        <source>Received this month</source>
        <translation>本月受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="506"/>
        <source>Received in all: {n}</source>
        <translation>累计受理 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="508"/>
        <source>Satisfied %</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="511"/>
        <source>Of {n} called back</source>
        <translation>回访 {n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="513"/>
        <source>Workers on site</source>
        <translation>在场工人</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="515"/>
        <source>Registered in all: {n}</source>
        <translation>累计登记 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="517"/>
        <source>Supply handouts</source>
        <translation>物资发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="520"/>
        <source>This month: {n} · handouts open: {m}</source>
        <translation>本月 {n} 次 · 进行中的发放 {m} 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="524"/>
        <source>Items out of stock</source>
        <translation>缺货物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="526"/>
        <source>Conflicts to decide: {n}</source>
        <translation>待处理冲突 {n} 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="547"/>
        <source>Stage</source>
        <translation>办理阶段</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="547"/>
        <source>Requests</source>
        <translation>诉求数</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="560"/>
        <source>Its requests</source>
        <translation>诉求列表</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="561"/>
        <source>Its workers</source>
        <translation>工人名单</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="562"/>
        <source>Its handouts</source>
        <translation>物资发放</translation>
    </message>
</context>
<context>
    <name>SiteFilter</name>
    <message>
        <location filename="../../app/ui/site_filter.py" line="25"/>
        <source>Show the records of one work area, or of all</source>
        <translation>只看某一工区的记录，或全部工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_filter.py" line="33"/>
        <source>All work areas</source>
        <translation>全部工区</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="85"/>
        <source>Work area</source>
        <translation>工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="87"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="89"/>
        <source>Satisfied %</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="90"/>
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="91"/>
        <source>Registered</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="88"/>
        <source>Received
this month</source>
        <translation>本月受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="86"/>
        <source>In
progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="92"/>
        <source>Handouts
this month</source>
        <translation>本月发放</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="93"/>
        <source>Out of
stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="94"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="95"/>
        <source>Last sync</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="159"/>
        <source>This is HQ</source>
        <translation>项目部本部</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="161"/>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="167"/>
        <source>({d} days ago)</source>
        <translation>（{d} 天前）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="169"/>
        <source>{n} PCs have a sync problem</source>
        <translation>{n} 台电脑同步有问题</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../../app/ui/labels.py" line="18"/>
        <source>Awaiting acceptance</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="19"/>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="20"/>
        <source>Verifying</source>
        <translation>审查核实</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="21"/>
        <source>Handling</source>
        <translation>分类处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="22"/>
        <source>Result fed back</source>
        <translation>结果反馈</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="23"/>
        <source>Improving</source>
        <translation>整改提升</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="24"/>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="25"/>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="26"/>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="27"/>
        <source>Transferred</source>
        <translation>已转办</translation>
    </message>
</context>
<context>
    <name>Step</name>
    <message>
        <location filename="../../app/ui/labels.py" line="33"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="34"/>
        <source>Verify</source>
        <translation>审查核实</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="35"/>
        <source>Handle</source>
        <translation>分类处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="36"/>
        <source>Feed back the result</source>
        <translation>结果反馈</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="37"/>
        <source>Improve</source>
        <translation>整改提升</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="38"/>
        <source>Close</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="39"/>
        <source>Do not accept</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="40"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="41"/>
        <source>Transfer</source>
        <translation>转办</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="42"/>
        <source>Extend the time limit</source>
        <translation>延期</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="43"/>
        <source>Call back</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="44"/>
        <source>Reopen</source>
        <translation>重新办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="45"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../app/ui/request_detail.py" line="122"/>
        <source>In litigation or arbitration</source>
        <translation>已进入诉讼或仲裁程序</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="123"/>
        <source>Not a matter for the project</source>
        <translation>不属于项目受理范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="124"/>
        <source>Other (say which below)</source>
        <translation>其他（在下方说明）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="125"/>
        <location filename="../../app/ui/request_detail.py" line="128"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="133"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="134"/>
        <source>Extend by</source>
        <translation>延长</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="137"/>
        <source>Number of the request it repeats</source>
        <translation>与之重复的诉求编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="138"/>
        <source>Merge into</source>
        <translation>并入</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="142"/>
        <source>Headquarters</source>
        <translation>项目部</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="145"/>
        <source>Department, or headquarters</source>
        <translation>部门名称，或项目部</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="146"/>
        <source>Transfer to</source>
        <translation>转交</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="154"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="156"/>
        <source>The handler is to blame (the request is reopened)</source>
        <translation>属承办方原因（将重新办理）</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="165"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="167"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="172"/>
        <source>Who will handle it, first contact made …</source>
        <translation>由谁承办、是否已联系反映人……</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="173"/>
        <source>What was checked and found</source>
        <translation>核实了什么、情况如何</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="174"/>
        <source>How it is being handled, and by whom</source>
        <translation>如何处理、由谁处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="175"/>
        <source>The result, as told to the worker</source>
        <translation>告知反映人的办理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="176"/>
        <source>What was changed so that it does not happen again</source>
        <translation>采取了哪些整改措施，防止再次发生</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="177"/>
        <source>Closing remark</source>
        <translation>办结说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="178"/>
        <source>What the worker said when called back</source>
        <translation>回访时反映人的意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/request_detail.py" line="233"/>
        <source>There is no request {number}.</source>
        <translation>找不到诉求 {number}。</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="222"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="225"/>
        <location filename="../../app/ui/handout_dialogs.py" line="244"/>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="225"/>
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="228"/>
        <location filename="../../app/ui/handout_dialogs.py" line="247"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="232"/>
        <source>Received into stock</source>
        <translation>入库</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="233"/>
        <source>Lost or damaged</source>
        <translation>报损（丢失或损坏）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="234"/>
        <source>Returned into stock</source>
        <translation>退回入库</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="235"/>
        <source>End-of-day count (the figure counted)</source>
        <translation>盘点（填实盘数量）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="243"/>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="245"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="246"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="252"/>
        <source>A new item</source>
        <translation>新增物资</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="255"/>
        <source>Name, e.g. watermelon</source>
        <translation>名称，如 西瓜</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="257"/>
        <source>Unit, e.g. piece</source>
        <translation>单位，如 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="259"/>
        <source>Size or pack (optional)</source>
        <translation>规格（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="260"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="267"/>
        <source>Export stock…</source>
        <translation>导出库存…</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="294"/>
        <source>Add an item first.</source>
        <translation>请先添加物资。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="306"/>
        <source>Counted {n}: matches the books.</source>
        <translation>实盘 {n}，账实相符。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="308"/>
        <source>Counted {n}; the books said {books}: difference {diff}.</source>
        <translation>实盘 {n}，账面 {books}，差额 {diff}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="319"/>
        <source>Recorded.</source>
        <translation>已登记。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="332"/>
        <source>Export stock</source>
        <translation>导出库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/handout_dialogs.py" line="359"/>
        <source>Added {name}.</source>
        <translation>已添加 {name}。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../app/ui/sync_page.py" line="68"/>
        <source>HQ server</source>
        <translation>同步服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="76"/>
        <source>Sync folder</source>
        <translation>同步文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="80"/>
        <source>A shared folder, a USB stick or a cloud-synced folder that headquarters and the other PCs of this site also use.</source>
        <translation>项目部和本站点其他电脑共用的文件夹：共享目录、U 盘或云盘同步目录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="89"/>
        <source>No folder chosen yet</source>
        <translation>尚未选择文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="90"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="92"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="111"/>
        <source>PC</source>
        <translation>电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="112"/>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="113"/>
        <source>Changes received</source>
        <translation>已收到变更</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="114"/>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="115"/>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="116"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="117"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="123"/>
        <source>Conflicts to decide</source>
        <translation>待处理的冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="126"/>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="126"/>
        <source>About</source>
        <translation>涉及</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="126"/>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="148"/>
        <source>Choose the sync folder</source>
        <translation>选择同步文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="162"/>
        <source>This PC is not enrolled at an HQ server. To sync over the internet, set it up with an enrolment code from HQ.</source>
        <translation>本机尚未注册到总部同步服务器。如需联网同步，请用总部发放的注册码注册本机（sitedesk init --enrol）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="168"/>
        <source>Syncs with {url} at start, every few minutes and on demand.</source>
        <translation>与 {url} 同步：启动时、每隔几分钟，以及点击“立即同步”时。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="194"/>
        <source>The sync folder {path} cannot be reached: is the stick plugged in?</source>
        <translation>无法访问同步文件夹 {path}：U 盘插好了吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="210"/>
        <source>Stopped. What arrived so far is kept; the rest comes next time.</source>
        <translation>已停止。已收到的数据都已保存，其余的下次同步时再收。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="215"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="228"/>
        <source>Nothing to sync with could be reached; trying again later.</source>
        <translation>同步服务器和同步文件夹都连不上，稍后自动重试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="233"/>
        <source>Sent {sent} changes, received {got}.</source>
        <translation>已发出 {sent} 条变更，收到 {got} 条。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="238"/>
        <source>The sync folder is not there now (is the stick plugged in?).</source>
        <translation>同步文件夹现在不可用（U 盘插好了吗？）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="240"/>
        <source>Problems: </source>
        <translation>问题：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="284"/>
        <source>{n} changes of this PC not yet confirmed by another PC.</source>
        <translation>本机有 {n} 条变更尚未被其他电脑确认收到。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="290"/>
        <source>{n} bundles wait for a newer version of SiteDesk.</source>
        <translation>有 {n} 个同步包需要升级 SiteDesk 后才能应用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="296"/>
        <source>{n} conflicts wait for a person to decide.</source>
        <translation>有 {n} 个冲突等待人工处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="310"/>
        <source>{m} min off</source>
        <translation>相差 {m} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="312"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="317"/>
        <source>No contact for {d} days</source>
        <translation>已 {d} 天未联系</translation>
    </message>
</context>
<context>
    <name>Timeliness</name>
    <message>
        <location filename="../../app/ui/labels.py" line="96"/>
        <source>In time</source>
        <translation>未到期</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="97"/>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="98"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="99"/>
        <source>Closed in time</source>
        <translation>按时办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="100"/>
        <source>Closed late</source>
        <translation>超期办结</translation>
    </message>
</context>
<context>
    <name>Urgency</name>
    <message>
        <location filename="../../app/ui/labels.py" line="63"/>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="64"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
</context>
<context>
    <name>WorkerDetailDialog</name>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="74"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="75"/>
        <source>Mobile</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="76"/>
        <source>Wage card</source>
        <translation>工资卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="77"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="78"/>
        <source>Trade</source>
        <translation>工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="79"/>
        <source>Status</source>
        <translation>在场状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="85"/>
        <source>:</source>
        <translation>：</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="92"/>
        <source>Entry and exit</source>
        <translation>进场与退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="95"/>
        <location filename="../../app/ui/worker_detail.py" line="118"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="95"/>
        <source>Movement</source>
        <translation>办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="95"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="95"/>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="102"/>
        <source>Note (optional)</source>
        <translation>备注（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="103"/>
        <source>Record entry</source>
        <translation>办理进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="104"/>
        <source>Record exit</source>
        <translation>办理退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="115"/>
        <source>Safety training</source>
        <translation>安全教育培训</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="118"/>
        <source>Training</source>
        <translation>培训名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="118"/>
        <location filename="../../app/ui/worker_detail.py" line="129"/>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="118"/>
        <location filename="../../app/ui/worker_detail.py" line="132"/>
        <source>Trainer</source>
        <translation>授课人</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="127"/>
        <source>Training, e.g. site induction</source>
        <translation>培训名称，如 三级安全教育</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="134"/>
        <source>Add training</source>
        <translation>添加培训</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="143"/>
        <source>Agreement</source>
        <translation>劳动合同/用工书面协议</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="146"/>
        <source>(none yet)</source>
        <translation>（尚未签订）</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="153"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="155"/>
        <source>(no end date: open-ended)</source>
        <translation>（结束日期不填：无固定期限）</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="157"/>
        <source>Save agreement</source>
        <translation>保存合同信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="160"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="161"/>
        <source>Period</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="182"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="182"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="184"/>
        <source>Worker: {name}</source>
        <translation>人员：{name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="187"/>
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="188"/>
        <source>Left</source>
        <translation>已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="189"/>
        <source>Not entered</source>
        <translation>未进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="195"/>
        <source>(no team)</source>
        <translation>（未分班组）</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="200"/>
        <source>Entry</source>
        <translation>进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="200"/>
        <source>Exit</source>
        <translation>退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_detail.py" line="213"/>
        <source>{n} trainings, {hours} hours in all</source>
        <translation>共 {n} 次，合计 {hours} 学时</translation>
    </message>
</context>
<context>
    <name>WorkerFormDialog</name>
    <message>
        <location filename="../../app/ui/worker_form.py" line="109"/>
        <source>Register a worker</source>
        <translation>登记新人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="123"/>
        <source>Identity</source>
        <translation>身份信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="128"/>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="129"/>
        <source>Residence permit (HK, Macao, Taiwan)</source>
        <translation>港澳台居民居住证</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="130"/>
        <source>Foreign permanent resident ID card</source>
        <translation>外国人永久居留身份证</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="131"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="132"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="144"/>
        <source>Long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="151"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="152"/>
        <source>ID type *</source>
        <translation>证件类型 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="153"/>
        <source>ID number *</source>
        <translation>证件号码 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="155"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="156"/>
        <source>Issued by</source>
        <translation>发证机关</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="157"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="158"/>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="162"/>
        <location filename="../../app/ui/worker_form.py" line="325"/>
        <source>Head photo</source>
        <translation>头像照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="164"/>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="168"/>
        <source>Choose a file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="170"/>
        <source>Take with the camera…</source>
        <translation>用摄像头拍照…</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="178"/>
        <source>Team and trade</source>
        <translation>班组与工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="181"/>
        <source>(choose a team)</source>
        <translation>（请选择班组）</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="187"/>
        <source>Construction worker</source>
        <translation>建筑工人</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="187"/>
        <source>Manager</source>
        <translation>管理人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="189"/>
        <source>Team leader</source>
        <translation>班组长</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="191"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="192"/>
        <source>Trade *</source>
        <translation>工种 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="193"/>
        <source>Role *</source>
        <translation>人员类别 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="195"/>
        <source>Entry date</source>
        <translation>进场日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="199"/>
        <source>Contact, pay and agreement</source>
        <translation>联系方式、工资卡与合同</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="208"/>
        <source>Injury insurance bought</source>
        <translation>已购买工伤保险</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="211"/>
        <source>(none yet)</source>
        <translation>（尚未签订）</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="221"/>
        <source>Mobile</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="222"/>
        <source>Emergency contact</source>
        <translation>紧急联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="223"/>
        <source>Emergency phone</source>
        <translation>紧急联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="224"/>
        <source>Wage card number</source>
        <translation>工资卡号</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="225"/>
        <source>Bank</source>
        <translation>开户银行</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="227"/>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="228"/>
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="229"/>
        <source>Agreement</source>
        <translation>劳动合同/用工协议</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="230"/>
        <source>Agreement period</source>
        <translation>合同期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="262"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="262"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="264"/>
        <source>{gender}, born {date}, {age} years</source>
        <translation>{gender}，{date} 出生，{age} 岁</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="277"/>
        <source>Already registered as {name} ({masked}).</source>
        <translation>已登记为“{name}”（{masked}），不能重复登记。</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="325"/>
        <source>Pictures (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="334"/>
        <source>The camera cannot be used on this PC:</source>
        <translation>本机无法使用摄像头：</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="348"/>
        <source>This file is not a JPEG or PNG picture.</source>
        <translation>该文件不是 JPEG 或 PNG 图片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="420"/>
        <source>The photo cannot be saved:</source>
        <translation>照片无法保存：</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_form.py" line="345"/>
        <source>The photo cannot be read:</source>
        <translation>无法读取照片：</translation>
    </message>
</context>
<context>
    <name>WorkerListPage</name>
    <message>
        <location filename="../../app/ui/worker_list.py" line="160"/>
        <source>Register a worker…</source>
        <translation>登记新人员…</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="163"/>
        <source>Import roster…</source>
        <translation>导入花名册…</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="165"/>
        <source>Export roster…</source>
        <translation>导出花名册…</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="175"/>
        <source>Search: name, pinyin or initials, last 4 of ID or mobile, team</source>
        <translation>搜索姓名、拼音、首字母、证件或手机尾号、班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="329"/>
        <source>All teams</source>
        <translation>全部班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="236"/>
        <source>All trades</source>
        <translation>全部工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="240"/>
        <source>On site and left</source>
        <translation>在场和已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="241"/>
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="242"/>
        <source>Left</source>
        <translation>已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="243"/>
        <source>Not entered</source>
        <translation>未进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="247"/>
        <source>By name</source>
        <translation>按姓名排序</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="248"/>
        <source>By team</source>
        <translation>按班组排序</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="249"/>
        <source>Newest first</source>
        <translation>最近登记在前</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="266"/>
        <source>{n} workers</source>
        <translation>共 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="289"/>
        <source>Import roster</source>
        <translation>导入花名册</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="289"/>
        <source>Excel rosters (*.xlsx *.xls)</source>
        <translation>Excel 花名册 (*.xlsx *.xls)</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="305"/>
        <source>Imported {n} workers.</source>
        <translation>已导入 {n} 人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="307"/>
        <source>{n} wrong rows skipped.</source>
        <translation>跳过了 {n} 行有错误的行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="314"/>
        <source>Export roster</source>
        <translation>导出花名册</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="315"/>
        <source>roster</source>
        <translation>花名册</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="316"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>WorkerTableModel</name>
    <message>
        <location filename="../../app/ui/worker_list.py" line="56"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="57"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="58"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="59"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="60"/>
        <source>Mobile</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="61"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="62"/>
        <source>Trade</source>
        <translation>工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="63"/>
        <source>Status</source>
        <translation>在场状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="64"/>
        <source>Work area</source>
        <translation>工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="67"/>
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="68"/>
        <source>Left</source>
        <translation>已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="69"/>
        <source>Not entered</source>
        <translation>未进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="124"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="124"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
</context>
</TS>
