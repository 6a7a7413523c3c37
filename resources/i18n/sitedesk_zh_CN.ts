<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../app/ui/app.py" line="37"/>
        <source>SiteDesk</source>
        <translation>工区服务台</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="38"/>
        <source>The database cannot be opened:</source>
        <translation>无法打开数据库：</translation>
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
        <location filename="../../app/ui/main_window.py" line="93"/>
        <location filename="../../app/ui/main_window.py" line="196"/>
        <source>SiteDesk</source>
        <translation>工区服务台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="110"/>
        <source>Workers on site</source>
        <translation>在场工人</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="111"/>
        <source>Labour teams and crews</source>
        <translation>劳务队／班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="112"/>
        <source>Requests in progress</source>
        <translation>办理中诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="113"/>
        <source>Requests closed</source>
        <translation>已办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="114"/>
        <source>Supply handouts</source>
        <translation>物资发放记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="115"/>
        <source>Notices</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="130"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="130"/>
        <source>Requests</source>
        <translation>诉求数</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="147"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="148"/>
        <source>Workers</source>
        <translation>实名制</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="167"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="170"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="188"/>
        <source>Headquarters</source>
        <translation>项目部</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="188"/>
        <source>Work area</source>
        <translation>工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191"/>
        <source>{kind} {code} · this PC: {tag}</source>
        <translation>{kind}代码 {code} · 本机标识 {tag}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="199"/>
        <source>Registered in all: {n}</source>
        <translation>累计登记 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="203"/>
        <source>Labour companies: {n}</source>
        <translation>劳务企业 {n} 家</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="209"/>
        <source>Awaiting acceptance: {n}</source>
        <translation>其中待受理 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="213"/>
        <source>Received in all: {n}</source>
        <translation>累计受理 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="217"/>
        <source>Handout campaigns: {n}</source>
        <translation>发放活动 {n} 次</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="235"/>
        <source>Change journal: {seq} changes from this PC ({total} in all), latest {when}.</source>
        <translation>变更日志：本机 {seq} 条（共 {total} 条），最新于 {when}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240"/>
        <source>Database schema: {rev}.</source>
        <translation>数据库版本：{rev}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="249"/>
        <source>Sync: not yet synced · {n} changes to send</source>
        <translation>同步：尚未同步 · 待发送 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="253"/>
        <source>Sync: last {when} · {n} changes not yet confirmed</source>
        <translation>同步：最近 {when} · 未确认送达 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="259"/>
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="28"/>
        <source>Set up this PC</source>
        <translation>设置本机</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="32"/>
        <source>This PC has no data yet. Enter the work area it serves; several PCs of one work area use the same code.</source>
        <translation>本机还没有数据。请填写本机服务的工区；同一工区的几台电脑使用同一个工区代码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="40"/>
        <source>e.g. GQ2</source>
        <translation>例如 GQ2</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="42"/>
        <source>e.g. Work Area 2</source>
        <translation>例如 二工区</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="45"/>
        <source>Fill with demo data (for training)</source>
        <translation>装入演示数据（用于培训）</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="47"/>
        <source>e.g. wang.li</source>
        <translation>如 wangli</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="53"/>
        <source>Work area code</source>
        <translation>工区代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="54"/>
        <source>Work area name</source>
        <translation>工区名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="55"/>
        <source>Service phone</source>
        <translation>服务电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="56"/>
        <source>This PC&apos;s letter</source>
        <translation>本机标识</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="57"/>
        <source>&lt;b&gt;First user (site manager)&lt;/b&gt;</source>
        <translation>&lt;b&gt;第一个用户（站点负责人）&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="58"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="59"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="60"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="61"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="72"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="38"/>
        <source>Awaiting acceptance</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="39"/>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="40"/>
        <source>Verifying</source>
        <translation>审查核实</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="41"/>
        <source>Handling</source>
        <translation>分类处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="42"/>
        <source>Result fed back</source>
        <translation>结果反馈</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="43"/>
        <source>Improving</source>
        <translation>整改提升</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="44"/>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="45"/>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="46"/>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="47"/>
        <source>Transferred</source>
        <translation>已转办</translation>
    </message>
</context>
<context>
    <name>WorkerListPage</name>
    <message>
        <location filename="../../app/ui/worker_list.py" line="157"/>
        <source>Search: name, pinyin or initials, last 4 of ID or mobile, team</source>
        <translation>搜索姓名、拼音、首字母、证件或手机尾号、班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="198"/>
        <location filename="../../app/ui/worker_list.py" line="238"/>
        <source>All teams</source>
        <translation>全部班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="202"/>
        <source>All trades</source>
        <translation>全部工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="206"/>
        <source>On site and left</source>
        <translation>在场和已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="207"/>
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="208"/>
        <source>Left</source>
        <translation>已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="209"/>
        <source>Not entered</source>
        <translation>未进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="213"/>
        <source>By name</source>
        <translation>按姓名排序</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="214"/>
        <source>By team</source>
        <translation>按班组排序</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="215"/>
        <source>Newest first</source>
        <translation>最近登记在前</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="231"/>
        <source>{n} workers</source>
        <translation>共 {n} 人</translation>
    </message>
</context>
<context>
    <name>WorkerTableModel</name>
    <message>
        <location filename="../../app/ui/worker_list.py" line="49"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="50"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="51"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="52"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="53"/>
        <source>Mobile</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="54"/>
        <source>Team</source>
        <translation>劳务队/班组</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="55"/>
        <source>Trade</source>
        <translation>工种</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="56"/>
        <source>Status</source>
        <translation>在场状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="59"/>
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="60"/>
        <source>Left</source>
        <translation>已退场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="61"/>
        <source>Not entered</source>
        <translation>未进场</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="129"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/ui/worker_list.py" line="129"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
</context>
</TS>
