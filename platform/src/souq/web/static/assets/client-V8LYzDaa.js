import"./modulepreload-polyfill-B5Qt9EMX.js";import{c as Zn}from"./client-wkOhMJXj.js";var de,C,bn,V,en,$n,Sn,Fe,be,ae,An,je,Le,Te,wn,Ae={},we=[],et=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,ce=Array.isArray;function L(n,t){for(var s in t)n[s]=t[s];return n}function We(n){n&&n.parentNode&&n.parentNode.removeChild(n)}function H(n,t,s){var a,r,o,i={};for(o in t)o=="key"?a=t[o]:o=="ref"?r=t[o]:i[o]=t[o];if(arguments.length>2&&(i.children=arguments.length>3?de.call(arguments,2):s),typeof n=="function"&&n.defaultProps!=null)for(o in n.defaultProps)i[o]===void 0&&(i[o]=n.defaultProps[o]);return re(n,i,a,r,null)}function re(n,t,s,a,r){var o={type:n,props:t,key:s,ref:a,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:r??++bn,__i:-1,__u:0};return r==null&&C.vnode!=null&&C.vnode(o),o}function P(n){return n.children}function $e(n,t){this.props=n,this.context=t}function G(n,t){if(t==null)return n.__?G(n.__,n.__i+1):null;for(var s;t<n.__k.length;t++)if((s=n.__k[t])!=null&&s.__e!=null)return s.__e;return typeof n.type=="function"?G(n):null}function nt(n){if(n.__P&&n.__d){var t=n.__v,s=t.__e,a=[],r=[],o=L({},t);o.__v=t.__v+1,C.vnode&&C.vnode(o),He(n.__P,o,t,n.__n,n.__P.namespaceURI,32&t.__u?[s]:null,a,s??G(t),!!(32&t.__u),r),o.__v=t.__v,o.__.__k[o.__i]=o,Fn(a,o,r),t.__e=t.__=null,o.__e!=s&&Cn(o)}}function Cn(n){if((n=n.__)!=null&&n.__c!=null)return n.__e=n.__c.base=null,n.__k.some(function(t){if(t!=null&&t.__e!=null)return n.__e=n.__c.base=t.__e}),Cn(n)}function Ue(n){(!n.__d&&(n.__d=!0)&&V.push(n)&&!Ce.__r++||en!=C.debounceRendering)&&((en=C.debounceRendering)||$n)(Ce)}function Ce(){try{for(var n,t=1;V.length;)V.length>t&&V.sort(Sn),n=V.shift(),t=V.length,nt(n)}finally{V.length=Ce.__r=0}}function In(n,t,s,a,r,o,i,l,p,d,m){var g,c,u,v,w,f,$=a&&a.__k||we,h=t.length;for(p=tt(s,t,$,p,h),g=0;g<h;g++)(u=s.__k[g])!=null&&(c=u.__i!=-1&&$[u.__i]||Ae,u.__i=g,f=He(n,u,c,r,o,i,l,p,d,m),v=u.__e,u.ref&&c.ref!=u.ref&&(c.ref&&Ge(c.ref,null,u),m.push(u.ref,u.__c||v,u)),w==null&&v!=null&&(w=v),4&u.__u?(p=Mn(u,p,n),c.__e&&(c.__e=null)):typeof u.type=="function"&&f!==void 0?p=f:v&&(p=v.nextSibling),u.__u&=-7);return s.__e=w,p}function tt(n,t,s,a,r){var o,i,l,p,d,m=s.length,g=m,c=0;for(n.__k=new Array(r),o=0;o<r;o++)(i=t[o])!=null&&typeof i!="boolean"&&typeof i!="function"?(typeof i=="string"||typeof i=="number"||typeof i=="bigint"||i.constructor==String?i=n.__k[o]=re(null,i,null,null,null):ce(i)?i=n.__k[o]=re(P,{children:i},null,null,null):i.constructor===void 0&&i.__b>0?i=n.__k[o]=re(i.type,i.props,i.key,i.ref?i.ref:null,i.__v):n.__k[o]=i,p=o+c,i.__=n,i.__b=n.__b+1,l=null,(d=i.__i=st(i,s,p,g))!=-1&&(g--,(l=s[d])&&(l.__u|=2)),l==null||l.__v==null?(d==-1&&(r>m?c--:r<m&&c++),typeof i.type!="function"&&(i.__u|=4)):d!=p&&(d==p-1?c--:d==p+1?c++:(d>p?c--:c++,i.__u|=4))):n.__k[o]=null;if(g)for(o=0;o<m;o++)(l=s[o])!=null&&(2&l.__u)==0&&(l.__e==a&&(a=G(l)),Pn(l,l));return a}function Mn(n,t,s){var a,r;if(typeof n.type=="function"){for(a=n.__k,r=0;a&&r<a.length;r++)a[r]&&(a[r].__=n,t=Mn(a[r],t,s));return t}n.__e!=t&&(t&&n.type&&!t.parentNode&&(t=G(n)),t=s.insertBefore(n.__e,t||null));do t=t&&t.nextSibling;while(t!=null&&t.nodeType==8);return t}function Dn(n,t){return t=t||[],n==null||typeof n=="boolean"||(ce(n)?n.some(function(s){Dn(s,t)}):t.push(n)),t}function st(n,t,s,a){var r,o,i,l=n.key,p=n.type,d=t[s],m=d!=null&&(2&d.__u)==0;if(d===null&&l==null||m&&l==d.key&&p==d.type)return s;if(a>(m?1:0)){for(r=s-1,o=s+1;r>=0||o<t.length;)if((d=t[i=r>=0?r--:o++])!=null&&(2&d.__u)==0&&l==d.key&&p==d.type)return i}return-1}function nn(n,t,s){t[0]=="-"?n.setProperty(t,s??""):n[t]=s==null?"":typeof s!="number"||et.test(t)?s:s+"px"}function ge(n,t,s,a,r){var o,i;e:if(t=="style")if(typeof s=="string")n.style.cssText=s;else{if(typeof a=="string"&&(n.style.cssText=a=""),a)for(t in a)s&&t in s||nn(n.style,t,"");if(s)for(t in s)a&&s[t]==a[t]||nn(n.style,t,s[t])}else if(t[0]=="o"&&t[1]=="n")o=t!=(t=t.replace(An,"$1")),i=t.toLowerCase(),t=i in n||t=="onFocusOut"||t=="onFocusIn"?i.slice(2):t.slice(2),n.l||(n.l={}),n.l[t+o]=s,s?a?s[ae]=a[ae]:(s[ae]=je,n.addEventListener(t,o?Te:Le,o)):n.removeEventListener(t,o?Te:Le,o);else{if(r=="http://www.w3.org/2000/svg")t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(t!="width"&&t!="height"&&t!="href"&&t!="list"&&t!="form"&&t!="tabIndex"&&t!="download"&&t!="rowSpan"&&t!="colSpan"&&t!="role"&&t!="popover"&&t in n)try{n[t]=s??"";break e}catch{}typeof s=="function"||(s==null||s===!1&&t[4]!="-"?n.removeAttribute(t):n.setAttribute(t,t=="popover"&&s==1?"":s))}}function tn(n){return function(t){if(this.l){var s=this.l[t.type+n];if(t[be]==null)t[be]=je++;else if(t[be]<s[ae])return;return s(C.event?C.event(t):t)}}}function He(n,t,s,a,r,o,i,l,p,d){var m,g,c,u,v,w,f,$,h,A,M,q,W,he,Q,k,N=t.type;if(t.constructor!==void 0)return null;128&s.__u&&(p=!!(32&s.__u),o=[l=t.__e=s.__e]),(m=C.__b)&&m(t);e:if(typeof N=="function"){g=i.length;try{if(h=t.props,A=N.prototype&&N.prototype.render,M=(m=N.contextType)&&a[m.__c],q=m?M?M.props.value:m.__:a,s.__c?$=(c=t.__c=s.__c).__=c.__E:(A?t.__c=c=new N(h,q):(t.__c=c=new $e(h,q),c.constructor=N,c.render=rt),M&&M.sub(c),c.state||(c.state={}),c.__n=a,u=c.__d=!0,c.__h=[],c._sb=[]),A&&c.__s==null&&(c.__s=c.state),A&&N.getDerivedStateFromProps!=null&&(c.__s==c.state&&(c.__s=L({},c.__s)),L(c.__s,N.getDerivedStateFromProps(h,c.__s))),v=c.props,w=c.state,c.__v=t,u)A&&N.getDerivedStateFromProps==null&&c.componentWillMount!=null&&c.componentWillMount(),A&&c.componentDidMount!=null&&c.__h.push(c.componentDidMount);else{if(A&&N.getDerivedStateFromProps==null&&h!==v&&c.componentWillReceiveProps!=null&&c.componentWillReceiveProps(h,q),t.__v==s.__v||!c.__e&&c.shouldComponentUpdate!=null&&c.shouldComponentUpdate(h,c.__s,q)===!1){t.__v!=s.__v&&(c.props=h,c.state=c.__s,c.__d=!1),t.__e=s.__e,t.__k=s.__k,t.__k.some(function(B){B&&(B.__=t)}),we.push.apply(c.__h,c._sb),c._sb=[],c.__h.length&&i.push(c),l=G(s);break e}c.componentWillUpdate!=null&&c.componentWillUpdate(h,c.__s,q),A&&c.componentDidUpdate!=null&&c.__h.push(function(){c.componentDidUpdate(v,w,f)})}if(c.context=q,c.props=h,c.__P=n,c.__e=!1,W=C.__r,he=0,A)c.state=c.__s,c.__d=!1,W&&W(t),m=c.render(c.props,c.state,c.context),we.push.apply(c.__h,c._sb),c._sb=[];else do c.__d=!1,W&&W(t),m=c.render(c.props,c.state,c.context),c.state=c.__s;while(c.__d&&++he<25);c.state=c.__s,c.getChildContext!=null&&(a=L(L({},a),c.getChildContext())),A&&!u&&c.getSnapshotBeforeUpdate!=null&&(f=c.getSnapshotBeforeUpdate(v,w)),Q=m!=null&&m.type===P&&m.key==null?qn(m.props.children):m,l=In(n,ce(Q)?Q:[Q],t,s,a,r,o,i,l,p,d),c.base=t.__e,t.__u&=-161,c.__h.length&&i.push(c),$&&(c.__E=c.__=null)}catch(B){if(i.length=g,t.__v=null,p||o!=null){if(B.then){for(t.__u|=p?160:128;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;o!=null&&(o[o.indexOf(l)]=null),t.__e=l}else if(o!=null)for(k=o.length;k--;)We(o[k])}else t.__e=s.__e;t.__k==null&&(t.__k=s.__k||[]),B.then||kn(t),C.__e(B,t,s)}}else o==null&&t.__v==s.__v?(t.__k=s.__k,t.__e=s.__e):l=t.__e=at(s.__e,t,s,a,r,o,i,p,d);return(m=C.diffed)&&m(t),128&t.__u?void 0:l}function kn(n){n&&(n.__c&&(n.__c.__e=!0),n.__k&&n.__k.some(kn))}function Fn(n,t,s){for(var a=0;a<s.length;a++)Ge(s[a],s[++a],s[++a]);C.__c&&C.__c(t,n),n.some(function(r){try{n=r.__h,r.__h=[],n.some(function(o){o.call(r)})}catch(o){C.__e(o,r.__v)}})}function qn(n){return typeof n!="object"||n==null||n.__b>0?n:ce(n)?n.map(qn):n.constructor!==void 0?null:L({},n)}function at(n,t,s,a,r,o,i,l,p){var d,m,g,c,u,v,w,f=s.props||Ae,$=t.props,h=t.type;if(h=="svg"?r="http://www.w3.org/2000/svg":h=="math"?r="http://www.w3.org/1998/Math/MathML":r||(r="http://www.w3.org/1999/xhtml"),o!=null){for(d=0;d<o.length;d++)if((u=o[d])&&"setAttribute"in u==!!h&&(h?u.localName==h:u.nodeType==3)){n=u,o[d]=null;break}}if(n==null){if(h==null)return document.createTextNode($);n=document.createElementNS(r,h,$.is&&$),l&&(C.__m&&C.__m(t,o),l=!1),o=null}if(h==null)f===$||l&&n.data==$||(n.data=$);else{if(o=h=="textarea"&&$.defaultValue!=null?null:o&&de.call(n.childNodes),!l&&o!=null)for(f={},d=0;d<n.attributes.length;d++)f[(u=n.attributes[d]).name]=u.value;for(d in f)u=f[d],d=="dangerouslySetInnerHTML"?g=u:d=="children"||d in $||d=="value"&&"defaultValue"in $||d=="checked"&&"defaultChecked"in $||ge(n,d,null,u,r);for(d in $)u=$[d],d=="children"?c=u:d=="dangerouslySetInnerHTML"?m=u:d=="value"?v=u:d=="checked"?w=u:l&&typeof u!="function"||f[d]===u||ge(n,d,u,f[d],r);if(m)l||g&&(m.__html==g.__html||m.__html==n.innerHTML)||(n.innerHTML=m.__html),t.__k=[];else if(g&&(n.innerHTML=""),In(t.type=="template"?n.content:n,ce(c)?c:[c],t,s,a,h=="foreignObject"?"http://www.w3.org/1999/xhtml":r,o,i,o?o[0]:s.__k&&G(s,0),l,p),o!=null)for(d=o.length;d--;)We(o[d]);l&&h!="textarea"||(d="value",h=="progress"&&v==null?n.removeAttribute("value"):v!=null&&(v!==n[d]||h=="progress"&&!v||h=="option"&&v!=f[d])&&ge(n,d,v,f[d],r),d="checked",w!=null&&w!=n[d]&&ge(n,d,w,f[d],r))}return n}function Ge(n,t,s){try{if(typeof n=="function"){var a=typeof n.__u=="function";a&&n.__u(),a&&t==null||(n.__u=n(t))}else n.current=t}catch(r){C.__e(r,s)}}function Pn(n,t,s){var a,r;if(C.unmount&&C.unmount(n),(a=n.ref)&&(a.current&&a.current!=n.__e||Ge(a,null,t)),(a=n.__c)!=null){if(a.componentWillUnmount)try{a.componentWillUnmount()}catch(o){C.__e(o,t)}a.base=a.__P=a.__n=null}if(a=n.__k)for(r=0;r<a.length;r++)a[r]&&Pn(a[r],t,s||typeof n.type!="function");s||We(n.__e),n.__c=n.__=n.__e=void 0}function rt(n,t,s){return this.constructor(n,s)}function ot(n,t,s){var a,r,o,i;t==document&&(t=document.documentElement),C.__&&C.__(n,t),r=(a=!1)?null:t.__k,o=[],i=[],He(t,n=t.__k=H(P,null,[n]),r||Ae,Ae,t.namespaceURI,r?null:t.firstChild?de.call(t.childNodes):null,o,r?r.__e:t.firstChild,a,i),Fn(o,n,i),n.props.children=null}function sn(n,t,s){var a,r,o,i,l=L({},n.props);for(o in n.type&&n.type.defaultProps&&(i=n.type.defaultProps),t)o=="key"?a=t[o]:o=="ref"?r=t[o]:l[o]=t[o]===void 0&&i!=null?i[o]:t[o];return arguments.length>2&&(l.children=arguments.length>3?de.call(arguments,2):s),re(n.type,l,a||n.key,r||n.ref,null)}function Nn(n){function t(s){var a,r;return this.getChildContext||(a=new Set,(r={})[t.__c]=this,this.getChildContext=function(){return r},this.componentWillUnmount=function(){a=null},this.shouldComponentUpdate=function(o){this.props.value!=o.value&&a.forEach(function(i){i.__e=!0,Ue(i)})},this.sub=function(o){a.add(o);var i=o.componentWillUnmount;o.componentWillUnmount=function(){a&&a.delete(o),i&&i.call(o)}}),s.children}return t.__c="__cC"+wn++,t.__=n,t.Provider=t.__l=(t.Consumer=function(s,a){return s.children(a)}).contextType=t,t}de=we.slice,C={__e:function(n,t,s,a){for(var r,o,i;t=t.__;)if((r=t.__c)&&!r.__)try{if((o=r.constructor)&&o.getDerivedStateFromError!=null&&(r.setState(o.getDerivedStateFromError(n)),i=r.__d),r.componentDidCatch!=null&&(r.componentDidCatch(n,a||{}),i=r.__d),i)return r.__E=r}catch(l){n=l}throw n}},bn=0,$e.prototype.setState=function(n,t){var s;s=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=L({},this.state),typeof n=="function"&&(n=n(L({},s),this.props)),n&&L(s,n),n!=null&&this.__v&&(t&&this._sb.push(t),Ue(this))},$e.prototype.forceUpdate=function(n){this.__v&&(this.__e=!0,n&&this.__h.push(n),Ue(this))},$e.prototype.render=P,V=[],$n=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Sn=function(n,t){return n.__v.__b-t.__v.__b},Ce.__r=0,Fe=Math.random().toString(8),be="__d"+Fe,ae="__a"+Fe,An=/(PointerCapture)$|Capture$/i,je=0,Le=tn(!1),Te=tn(!0),wn=0;var it=0;function e(n,t,s,a,r,o){t||(t={});var i,l,p=t;if("ref"in p)for(l in p={},t)l=="ref"?i=t[l]:p[l]=t[l];var d={type:n,props:p,key:s,ref:i,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--it,__i:-1,__u:0,__source:r,__self:o};if(typeof n=="function"&&(i=n.defaultProps))for(l in i)p[l]===void 0&&(p[l]=i[l]);return C.vnode&&C.vnode(d),d}var K,I,qe,an,ie=0,Rn=[],D=C,rn=D.__b,on=D.__r,ln=D.diffed,dn=D.__c,cn=D.unmount,un=D.__;function ue(n,t){D.__h&&D.__h(I,n,ie||t),ie=0;var s=I.__H||(I.__H={__:[],__h:[]});return n>=s.__.length&&s.__.push({}),s.__[n]}function y(n){return ie=1,Ke(En,n)}function Ke(n,t,s){var a=ue(K++,2);if(a.t=n,!a.__c&&(a.__=[En(void 0,t),function(l){var p=a.__N?a.__N[0]:a.__[0],d=a.t(p,l);p!==d&&(a.__N=[d,a.__[1]],a.__c.setState({}))}],a.__c=I,!I.__f)){var r=function(l,p,d){if(!a.__c.__H)return!0;var m=!1,g=a.__c.props!==l;if(a.__c.__H.__.some(function(u){if(u.__N){m=!0;var v=u.__[0];u.__=u.__N,u.__N=void 0,v!==u.__[0]&&(g=!0)}}),o){var c=o.call(this,l,p,d);return m?c||g:c}return!m||g};I.__f=!0;var o=I.shouldComponentUpdate,i=I.componentWillUpdate;I.componentWillUpdate=function(l,p,d){if(this.__e){var m=o;o=void 0,r(l,p,d),o=m}i&&i.call(this,l,p,d)},I.shouldComponentUpdate=r}return a.__N||a.__}function R(n,t){var s=ue(K++,3);!D.__s&&Qe(s.__H,t)&&(s.__=n,s.u=t,I.__H.__h.push(s))}function Ye(n,t){var s=ue(K++,4);!D.__s&&Qe(s.__H,t)&&(s.__=n,s.u=t,I.__h.push(s))}function F(n){return ie=5,Me(function(){return{current:n}},[])}function Me(n,t){var s=ue(K++,7);return Qe(s.__H,t)&&(s.__=n(),s.__H=t,s.__h=n),s.__}function lt(n,t){return ie=8,Me(function(){return n},t)}function xn(n){var t=I.context[n.__c],s=ue(K++,9);return s.c=n,t?(s.__==null&&(s.__=!0,t.sub(I)),t.props.value):n.__}function dt(){for(var n;n=Rn.shift();){var t=n.__H;if(n.__P&&t)try{t.__h.some(Se),t.__h.some(Oe),t.__h=[]}catch(s){t.__h=[],D.__e(s,n.__v)}}}D.__b=function(n){I=null,rn&&rn(n)},D.__=function(n,t){n&&t.__k&&t.__k.__m&&(n.__m=t.__k.__m),un&&un(n,t)},D.__r=function(n){on&&on(n),K=0;var t=(I=n.__c).__H;t&&(qe===I?(t.__h=[],I.__h=[],t.__.some(function(s){s.__N&&(s.__=s.__N),s.u=s.__N=void 0})):(t.__h.some(Se),t.__h.some(Oe),t.__h=[],K=0)),qe=I},D.diffed=function(n){ln&&ln(n);var t=n.__c;t&&t.__H&&(t.__H.__h.length&&(Rn.push(t)!==1&&an===D.requestAnimationFrame||((an=D.requestAnimationFrame)||ct)(dt)),t.__H.__.some(function(s){s.u&&(s.__H=s.u,s.u=void 0)})),qe=I=null},D.__c=function(n,t){t.some(function(s){try{s.__h.some(Se),s.__h=s.__h.filter(function(a){return!a.__||Oe(a)})}catch(a){t.some(function(r){r.__h&&(r.__h=[])}),t=[],D.__e(a,s.__v)}}),dn&&dn(n,t)},D.unmount=function(n){cn&&cn(n);var t,s=n.__c;s&&s.__H&&(s.__H.__.some(function(a){try{Se(a)}catch(r){t=r}}),s.__H=void 0,t&&D.__e(t,s.__v))};var pn=typeof requestAnimationFrame=="function";function ct(n){var t,s=function(){clearTimeout(a),pn&&cancelAnimationFrame(t),setTimeout(n)},a=setTimeout(s,35);pn&&(t=requestAnimationFrame(s))}function Se(n){var t=I,s=n.__c;typeof s=="function"&&(n.__c=void 0,s()),I=t}function Oe(n){var t=I;n.__c=n.__(),I=t}function Qe(n,t){return!n||n.length!==t.length||t.some(function(s,a){return s!==n[a]})}function En(n,t){return typeof t=="function"?t(n):t}let z,te;function ut(n){return!te||(typeof te=="string"?n.startsWith(te):te.test(n))}function pt(n,t){let s="";if(z=void 0,t&&t.type==="click"){if(t.ctrlKey||t.metaKey||t.altKey||t.shiftKey||t.button!==0)return n;const a=t.composedPath().find(o=>o.nodeName=="A"&&o.href),r=a&&a.getAttribute("href");if(!a||a.origin!=location.origin||/^#/.test(r)||!/^(_?self)?$/i.test(a.target)||!ut(r)||a.download)return n;z=!0,t.preventDefault(),s=a.href.replace(location.origin,"")}else t&&t.url?(z=!t.replace,s=t.url):s=location.pathname+location.search;return z===!0?history.pushState(null,"",s):z===!1&&history.replaceState(null,"",s),s}const mt=(n,t,s={})=>{n=n.split("/").filter(Boolean),t=(t||"").split("/").filter(Boolean),s.params||(s.params={});for(let a=0,r,o;a<Math.max(n.length,t.length);a++){let[,i,l,p]=(t[a]||"").match(/^(:?)(.*?)([+*?]?)$/);if(r=n[a],!(!i&&l==r)){if(!i&&r&&p=="*"){s.rest="/"+n.slice(a).join("/");break}if(!i||!r&&p!="?"&&p!="*")return;if(o=p=="+"||p=="*",o?r=n.slice(a).map(decodeURIComponent).join("/")||void 0:r&&(r=decodeURIComponent(r)),s.params[l]=r,l in s||(s[l]=r),o)break}}return s};function pe(n){const[t,s]=Ke(pt,n.url||location.pathname+location.search);n.scope&&(te=n.scope);const a=z===!0,r=Me(()=>{const o=new URL(t,location.origin),i=o.pathname.replace(/\/+$/g,"")||"/";return{url:t,path:i,query:Object.fromEntries(o.searchParams),route:(l,p)=>s({url:l,replace:p}),back:()=>{history.back()},forward:()=>{history.forward()},wasPush:a}},[t]);return Ye(()=>(addEventListener("click",s),addEventListener("popstate",s),()=>{removeEventListener("click",s),removeEventListener("popstate",s)}),[]),H(pe.ctx.Provider,{value:r},n.children)}const ht=Promise.resolve();function Ln(n){const[t,s]=Ke(k=>k+1,0),{url:a,query:r,wasPush:o,path:i}=U();if(!a)throw new Error("preact-iso's <Router> must be used within a <LocationProvider>, see: https://github.com/preactjs/preact-iso#locationprovider");const{rest:l=i,params:p={}}=xn(mn),d=F(!1),m=F(i),g=F(1),c=F(),u=F(),v=F(),w=F(!1),f=F();f.current=!1;let $,h,A;Dn(n.children).some(k=>{if(mt(l,k.props.path,A={...k.props,path:l,query:r,params:Object.assign({},p),rest:""}))return $=sn(k,A);k.props.default&&(h=sn(k,A))});let M=$||h;const q=c.current&&c.current.__u&fe&&c.current.__u&ye,W=c.current&&c.current.__h,he=Me(()=>{u.current=c.current,c.current=H(mn.Provider,{value:A},M);const k=u.current&&u.current.props.children;return!k||!M||M.type!==k.type||M.props.component!==k.props.component?(g.current++,!0):!1},[a,JSON.stringify(A)]);q?(c.current.__u|=fe,c.current.__u|=ye):W&&(c.current.__h=!0);const Q=u.current;return u.current=null,this.__c=(k,N)=>{f.current=!0,u.current=Q,n.onLoadStart&&n.onLoadStart(a),d.current=!0;let B=g.current;k.then(()=>{B===g.current&&(u.current=null,c.current&&(N.__h&&(c.current.__h=N.__h),N.__u&ye&&(c.current.__u|=ye),N.__u&fe&&(c.current.__u|=fe)),ht.then(s))})},Ye(()=>{const k=this.__v&&this.__v.__e;if(f.current){!w.current&&!v.current&&(v.current=k);return}!w.current&&v.current&&(v.current!==k&&v.current.remove(),v.current=null),w.current=!0,m.current!==i&&(o&&scrollTo(0,0),n.onRouteChange&&n.onRouteChange(a),m.current=i),n.onLoadEnd&&d.current&&n.onLoadEnd(a),d.current=!1},[i,o,t]),he?[H(Pe,{r:c,key:g.current}),H(Pe,{r:u,key:g.current-1})]:H(Pe,{r:c,key:g.current})}const fe=32,ye=128,Pe=({r:n})=>n.current;Ln.Provider=pe;pe.ctx=Nn({});const mn=Nn({}),E=n=>H(n.component,n),U=()=>xn(pe.ctx);class x extends Error{constructor(t,s,a={}){super(t),this.code=s,this.extensions=a}code;extensions}const Tn={"X-Souq-Client":"web"},Be="souq:signed-out";function Je(){window.dispatchEvent(new Event(Be))}async function S(n,...[t]){let s;try{s=await fetch("/graphql",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/graphql-response+json, application/json",...Tn},body:JSON.stringify({query:n.toString(),variables:t??{}})})}catch{throw new x("souq cannot be reached: check your connection","NETWORK")}let a;try{a=await s.json()}catch{throw new x(`souq answered ${s.status}`,"NETWORK")}const r=a.errors?.[0];if(r){const o=String(r.extensions?.code??"ERROR");throw o==="UNAUTHENTICATED"&&Je(),new x(r.message,o,r.extensions??{})}if(!a.data)throw new x("souq answered without data","ERROR");return a.data}async function ze(n,t){try{return await fetch("/session",{method:n,credentials:"same-origin",headers:{...Tn,...t?{"Content-Type":"application/json"}:{}},body:t?JSON.stringify(t):void 0})}catch{throw new x("souq cannot be reached: check your connection","NETWORK")}}async function Xe(n){let t=`souq answered ${n.status}`,s="ERROR";try{const a=await n.json();t=a.message??t,s=a.error??s}catch{}return new x(t,s)}async function gt(){const n=await ze("GET");if(n.status===401)return null;if(!n.ok)throw await Xe(n);return n.json()}async function ft(n,t){const s=await ze("POST",{username:n,password:t});if(!s.ok)throw await Xe(s);return s.json()}async function Un(){const n=await ze("DELETE");if(!n.ok&&n.status!==401)throw await Xe(n)}let Ie=null;function yt(){const{protocol:n,host:t}=window.location;return`${n==="https:"?"wss":"ws"}://${t}/graphql`}function vt(){return Ie??=Zn({url:yt(),lazy:!0,retryAttempts:0}),Ie}function _t(n,t,s){const a=vt(),r=a.on("connected",()=>s.onOpen?.());let o=!1;const i=p=>{o||(o=!0,r(),s.onEnd(p))},l=a.subscribe({query:n.toString(),variables:t},{next:p=>{p.errors?.length?i(p.errors[0]):p.data&&s.onData(p.data)},error:i,complete:()=>i(null)});return()=>{o=!0,r(),l()}}function bt(){Ie?.dispose(),Ie=null}class _ extends String{__apiType;value;__meta__;constructor(t,s){super(t),this.value=t,this.__meta__=s}toString(){return this.value}}const $t=new _(`
    fragment VersionFields on AppVersion {
  slug
  version
  status
  revision
  scopes
  manifest
  submittedBy
  submittedAt
  decidedBy
  decidedAt
  reason
  commands {
    name
    summary
    usage
    params {
      name
      type
      required
      help
      accepts
    }
  }
  diff {
    against
    commandsAdded {
      name
      before
      after
      changes
    }
    commandsRemoved {
      name
      before
      after
      changes
    }
    commandsChanged {
      name
      before
      after
      changes
    }
    actionsAdded
    actionsRemoved
    actionsChanged
    scopesAdded
    scopesRemoved
  }
}
    `,{fragmentName:"VersionFields"}),St=new _(`
    fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}
    `,{fragmentName:"UsageFields"}),At=new _(`
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}
    `,{fragmentName:"MessageFields"}),wt=new _(`
    fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}`,{fragmentName:"ConversationFields"}),Ct=new _(`
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}
    `,{fragmentName:"MoneyFields"}),It=new _(`
    fragment PaymentFields on PaymentRequest {
  id
  app
  description
  reference
  status
  createdAt
  decidedAt
  amount {
    ...MoneyFields
  }
  refunded {
    ...MoneyFields
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}`,{fragmentName:"PaymentFields"}),Mt=new _(`
    fragment AppSettingsFields on AppSettings {
  app
  name
  firstUsedAt
  lastCommandAt
  muted
  blocked
  messagesLast30Days
  lastMessageAt
  grants {
    grantedAt
    via
    scope {
      name
      description
    }
  }
  canAskFor {
    name
    description
  }
}
    `,{fragmentName:"AppSettingsFields"}),Dt=new _(`
    query AdminApps($days: Int!) {
  registeredApps {
    slug
    owner
    approvedVersion
    suspension {
      reason
    }
    usage(days: $days) {
      ...UsageFields
    }
  }
  installedApps {
    slug
    name
    status
  }
}
    fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}`),kt=new _(`
    query AdminApp($slug: String!, $days: Int!) {
  registeredApp(slug: $slug) {
    slug
    owner
    createdAt
    approvedVersion
    suspension {
      reason
      by
      since
    }
    messaging {
      quality
      delivered
      reported
      dailyCap
      promotionsPaused
    }
    usage(days: $days) {
      ...UsageFields
    }
  }
  installedApps {
    slug
    name
    status
    installedVersion
    reason
  }
}
    fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}`),Ft=new _(`
    mutation SuspendApp($slug: String!, $reason: String!) {
  suspendApp(slug: $slug, reason: $reason) {
    slug
  }
}
    `),qt=new _(`
    mutation UnsuspendApp($slug: String!, $reason: String!) {
  unsuspendApp(slug: $slug, reason: $reason) {
    slug
  }
}
    `),Pt=new _(`
    query AuditLog($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String, $subject: String) {
  auditLog(
    first: $first
    after: $after
    action: $action
    app: $app
    actor: $actor
    subject: $subject
  ) {
    nodes {
      id
      at
      actor
      action
      app
      version
      subject
      reason
      detail
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `),Nt=new _(`
    query ReviewQueue {
  reviewQueue {
    ...VersionFields
  }
  registeredApps {
    slug
    owner
    approvedVersion
    versions {
      ...VersionFields
    }
  }
}
    fragment VersionFields on AppVersion {
  slug
  version
  status
  revision
  scopes
  manifest
  submittedBy
  submittedAt
  decidedBy
  decidedAt
  reason
  commands {
    name
    summary
    usage
    params {
      name
      type
      required
      help
      accepts
    }
  }
  diff {
    against
    commandsAdded {
      name
      before
      after
      changes
    }
    commandsRemoved {
      name
      before
      after
      changes
    }
    commandsChanged {
      name
      before
      after
      changes
    }
    actionsAdded
    actionsRemoved
    actionsChanged
    scopesAdded
    scopesRemoved
  }
}`),Rt=new _(`
    mutation ApproveVersion($slug: String!, $version: String!, $reason: String) {
  approveAppVersion(slug: $slug, version: $version, reason: $reason) {
    slug
    version
    status
  }
}
    `),xt=new _(`
    mutation RejectVersion($slug: String!, $version: String!, $reason: String!) {
  rejectAppVersion(slug: $slug, version: $version, reason: $reason) {
    slug
    version
    status
  }
}
    `),Et=new _(`
    query Conversations($first: Int!) {
  me {
    id
    username
    displayName
    role
  }
  limits {
    maxMessageLength
    maxPageSize
    maxReplayConversations
  }
  conversations(first: $first) {
    nodes {
      ...ConversationFields
    }
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Lt=new _(`
    query Conversation($id: ID!) {
  conversation(id: $id) {
    ...ConversationFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Tt=new _(`
    query History($id: ID!, $last: Int!, $before: String) {
  conversation(id: $id) {
    id
    messages(last: $last, before: $before) {
      pageInfo {
        hasPreviousPage
        startCursor
      }
      nodes {
        ...MessageFields
      }
    }
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}`),Ut=new _(`
    subscription Events($after: [SeenInput!]) {
  events(after: $after) {
    __typename
    ... on MessagePosted {
      message {
        ...MessageFields
      }
    }
    ... on MessageUpdated {
      message {
        ...MessageFields
      }
    }
    ... on ConversationLeft {
      conversationId
    }
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}`),Ot=new _(`
    mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {
  sendMessage(
    conversationId: $conversationId
    body: $body
    clientMessageId: $clientMessageId
  ) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}`),Bt=new _(`
    mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {
  pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}`),Vt=new _(`
    mutation MarkRead($conversationId: ID!, $seq: Int!) {
  markRead(conversationId: $conversationId, seq: $seq) {
    id
    lastReadSeq
  }
}
    `),jt=new _(`
    mutation OpenDirect($username: String!) {
  openDirectConversation(username: $username) {
    ...ConversationFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Wt=new _(`
    query Balances {
  wallet {
    balances {
      ...MoneyFields
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}`),Ht=new _(`
    mutation ConfirmPayment($requestId: ID!, $idempotencyKey: String!) {
  confirmPayment(requestId: $requestId, idempotencyKey: $idempotencyKey) {
    ...PaymentFields
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}
fragment PaymentFields on PaymentRequest {
  id
  app
  description
  reference
  status
  createdAt
  decidedAt
  amount {
    ...MoneyFields
  }
  refunded {
    ...MoneyFields
  }
}`),Gt=new _(`
    mutation DeclinePayment($requestId: ID!) {
  declinePayment(requestId: $requestId) {
    ...PaymentFields
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}
fragment PaymentFields on PaymentRequest {
  id
  app
  description
  reference
  status
  createdAt
  decidedAt
  amount {
    ...MoneyFields
  }
  refunded {
    ...MoneyFields
  }
}`),Kt=new _(`
    query Wallet($first: Int!) {
  wallet {
    balances {
      ...MoneyFields
    }
    history(first: $first) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        kind
        memo
        amount {
          ...MoneyFields
        }
      }
    }
    payments(first: $first) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...PaymentFields
      }
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}
fragment PaymentFields on PaymentRequest {
  id
  app
  description
  reference
  status
  createdAt
  decidedAt
  amount {
    ...MoneyFields
  }
  refunded {
    ...MoneyFields
  }
}`),Yt=new _(`
    query WalletHistory($first: Int!, $after: String) {
  wallet {
    history(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        kind
        memo
        amount {
          ...MoneyFields
        }
      }
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}`),Qt=new _(`
    query WalletPayments($first: Int!, $after: String) {
  wallet {
    payments(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...PaymentFields
      }
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  formatted
}
fragment PaymentFields on PaymentRequest {
  id
  app
  description
  reference
  status
  createdAt
  decidedAt
  amount {
    ...MoneyFields
  }
  refunded {
    ...MoneyFields
  }
}`),Jt=new _(`
    mutation CreateGroup($title: String!, $usernames: [String!]!) {
  createGroup(title: $title, usernames: $usernames) {
    ...ConversationFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),zt=new _(`
    mutation AddMembers($conversationId: ID!, $usernames: [String!]!) {
  addMembers(conversationId: $conversationId, usernames: $usernames) {
    ...ConversationFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Xt=new _(`
    mutation RemoveMember($conversationId: ID!, $username: String!) {
  removeMember(conversationId: $conversationId, username: $username) {
    ...ConversationFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        amount
        currency
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Zt=new _(`
    mutation LeaveConversation($conversationId: ID!) {
  leaveConversation(conversationId: $conversationId)
}
    `),es=new _(`
    query Settings {
  me {
    id
    username
    displayName
    phone
  }
  myAppSettings {
    ...AppSettingsFields
  }
}
    fragment AppSettingsFields on AppSettings {
  app
  name
  firstUsedAt
  lastCommandAt
  muted
  blocked
  messagesLast30Days
  lastMessageAt
  grants {
    grantedAt
    via
    scope {
      name
      description
    }
  }
  canAskFor {
    name
    description
  }
}`),ns=new _(`
    mutation GrantScope($app: String!, $scope: String!) {
  grantScope(app: $app, scope: $scope) {
    ...AppSettingsFields
  }
}
    fragment AppSettingsFields on AppSettings {
  app
  name
  firstUsedAt
  lastCommandAt
  muted
  blocked
  messagesLast30Days
  lastMessageAt
  grants {
    grantedAt
    via
    scope {
      name
      description
    }
  }
  canAskFor {
    name
    description
  }
}`),ts=new _(`
    mutation RevokeGrant($app: String!, $scope: String!) {
  revokeGrant(app: $app, scope: $scope) {
    ...AppSettingsFields
  }
}
    fragment AppSettingsFields on AppSettings {
  app
  name
  firstUsedAt
  lastCommandAt
  muted
  blocked
  messagesLast30Days
  lastMessageAt
  grants {
    grantedAt
    via
    scope {
      name
      description
    }
  }
  canAskFor {
    name
    description
  }
}`),ss=new _(`
    mutation MuteApp($app: String!, $muted: Boolean!) {
  muteApp(app: $app, muted: $muted) {
    ...AppSettingsFields
  }
}
    fragment AppSettingsFields on AppSettings {
  app
  name
  firstUsedAt
  lastCommandAt
  muted
  blocked
  messagesLast30Days
  lastMessageAt
  grants {
    grantedAt
    via
    scope {
      name
      description
    }
  }
  canAskFor {
    name
    description
  }
}`),as=new _(`
    mutation BlockApp($app: String!, $blocked: Boolean!) {
  blockApp(app: $app, blocked: $blocked) {
    ...AppSettingsFields
  }
}
    fragment AppSettingsFields on AppSettings {
  app
  name
  firstUsedAt
  lastCommandAt
  muted
  blocked
  messagesLast30Days
  lastMessageAt
  grants {
    grantedAt
    via
    scope {
      name
      description
    }
  }
  canAskFor {
    name
    description
  }
}`),rs=new _(`
    mutation ForgetMe($app: String!) {
  forgetMe(app: $app) {
    ...AppSettingsFields
  }
}
    fragment AppSettingsFields on AppSettings {
  app
  name
  firstUsedAt
  lastCommandAt
  muted
  blocked
  messagesLast30Days
  lastMessageAt
  grants {
    grantedAt
    via
    scope {
      name
      description
    }
  }
  canAskFor {
    name
    description
  }
}`),os=new _(`
    mutation SetPhone($phone: String) {
  setPhone(phone: $phone) {
    id
    phone
  }
}
    `),is=new _(`
    mutation ExportMyData {
  exportMyData
}
    `),ls=new _(`
    mutation DeleteAccount($password: String!) {
  deleteAccount(password: $password)
}
    `),ds=new _(`
    mutation ReportMessage($messageId: ID!, $block: Boolean!) {
  reportMessage(messageId: $messageId, block: $block) {
    text
    scope
    category
    reported
  }
}
    `),cs=new _(`
    query CommandSuggestions($conversationId: ID!, $prefix: String!) {
  commandSuggestions(conversationId: $conversationId, prefix: $prefix) {
    app {
      slug
      name
    }
    command {
      name
      summary
      usage
      params {
        name
        type
        required
        help
        accepts
      }
    }
  }
}
    `),us=new _(`
    query MyApp($slug: String!, $days: Int!) {
  registeredApp(slug: $slug) {
    slug
    owner
    approvedVersion
    suspension {
      reason
      since
    }
    versions {
      ...VersionFields
    }
    usage(days: $days) {
      ...UsageFields
    }
  }
}
    fragment VersionFields on AppVersion {
  slug
  version
  status
  revision
  scopes
  manifest
  submittedBy
  submittedAt
  decidedBy
  decidedAt
  reason
  commands {
    name
    summary
    usage
    params {
      name
      type
      required
      help
      accepts
    }
  }
  diff {
    against
    commandsAdded {
      name
      before
      after
      changes
    }
    commandsRemoved {
      name
      before
      after
      changes
    }
    commandsChanged {
      name
      before
      after
      changes
    }
    actionsAdded
    actionsRemoved
    actionsChanged
    scopesAdded
    scopesRemoved
  }
}
fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}`),ps=new _(`
    mutation SubmitVersion($slug: String!, $manifest: JSON!) {
  submitAppVersion(slug: $slug, manifest: $manifest) {
    version
    status
  }
}
    `),ms=new _(`
    query MyApps {
  myApps {
    slug
    approvedVersion
    suspension {
      reason
    }
    versions {
      version
      status
    }
  }
}
    `),hs=new _(`
    mutation RegisterApp($slug: String!) {
  registerApp(slug: $slug) {
    slug
  }
}
    `),gs=new _(`
    mutation Register($username: String!, $password: String!, $displayName: String) {
  register(username: $username, password: $password, displayName: $displayName) {
    me {
      username
    }
  }
}
    `),fs={"\n  query AdminApps($days: Int!) {\n    registeredApps {\n      slug\n      owner\n      approvedVersion\n      suspension {\n        reason\n      }\n      usage(days: $days) {\n        ...UsageFields\n      }\n    }\n    installedApps {\n      slug\n      name\n      status\n    }\n  }\n":Dt,"\n  query AdminApp($slug: String!, $days: Int!) {\n    registeredApp(slug: $slug) {\n      slug\n      owner\n      createdAt\n      approvedVersion\n      suspension {\n        reason\n        by\n        since\n      }\n      messaging {\n        quality\n        delivered\n        reported\n        dailyCap\n        promotionsPaused\n      }\n      usage(days: $days) {\n        ...UsageFields\n      }\n    }\n    installedApps {\n      slug\n      name\n      status\n      installedVersion\n      reason\n    }\n  }\n":kt,"\n  mutation SuspendApp($slug: String!, $reason: String!) {\n    suspendApp(slug: $slug, reason: $reason) {\n      slug\n    }\n  }\n":Ft,"\n  mutation UnsuspendApp($slug: String!, $reason: String!) {\n    unsuspendApp(slug: $slug, reason: $reason) {\n      slug\n    }\n  }\n":qt,"\n  query AuditLog($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String, $subject: String) {\n    auditLog(first: $first, after: $after, action: $action, app: $app, actor: $actor, subject: $subject) {\n      nodes {\n        id\n        at\n        actor\n        action\n        app\n        version\n        subject\n        reason\n        detail\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":Pt,"\n  query ReviewQueue {\n    reviewQueue {\n      ...VersionFields\n    }\n    registeredApps {\n      slug\n      owner\n      approvedVersion\n      versions {\n        ...VersionFields\n      }\n    }\n  }\n":Nt,"\n  mutation ApproveVersion($slug: String!, $version: String!, $reason: String) {\n    approveAppVersion(slug: $slug, version: $version, reason: $reason) {\n      slug\n      version\n      status\n    }\n  }\n":Rt,"\n  mutation RejectVersion($slug: String!, $version: String!, $reason: String!) {\n    rejectAppVersion(slug: $slug, version: $version, reason: $reason) {\n      slug\n      version\n      status\n    }\n  }\n":xt,"\n  fragment VersionFields on AppVersion {\n    slug\n    version\n    status\n    revision\n    scopes\n    manifest\n    submittedBy\n    submittedAt\n    decidedBy\n    decidedAt\n    reason\n    commands {\n      name\n      summary\n      usage\n      params {\n        name\n        type\n        required\n        help\n        accepts\n      }\n    }\n    diff {\n      against\n      commandsAdded { name before after changes }\n      commandsRemoved { name before after changes }\n      commandsChanged { name before after changes }\n      actionsAdded\n      actionsRemoved\n      actionsChanged\n      scopesAdded\n      scopesRemoved\n    }\n  }\n":$t,"\n  fragment UsageFields on AppUsageDay {\n    day\n    invocations\n    people\n    errors\n    timeouts\n    p95LatencyMs\n  }\n":St,"\n  fragment MessageFields on Message {\n    id\n    conversationId\n    seq\n    body\n    createdAt\n    private\n    deleted\n    revision\n    clientMessageId\n    sender { id username displayName }\n    invoker { id username displayName }\n    app { slug name }\n    why { text scope category reported }\n    content {\n      __typename\n      ... on Card {\n        title\n        body\n        fields { label value }\n        buttons { id label }\n      }\n      ... on ListContent {\n        title\n        items { title body buttons { id label } }\n      }\n      ... on PaymentCard {\n        paymentRequestId\n        description\n        status\n        expiresAt\n        amount { amount currency formatted }\n      }\n    }\n  }\n":At,"\n  fragment ConversationFields on Conversation {\n    id\n    kind\n    title\n    app\n    lastSeq\n    lastReadSeq\n    unreadCount\n    lastActivityAt\n    owner { id username displayName }\n    members { id username displayName }\n    lastMessage { ...MessageFields }\n  }\n":wt,"\n  query Conversations($first: Int!) {\n    me { id username displayName role }\n    limits { maxMessageLength maxPageSize maxReplayConversations }\n    conversations(first: $first) { nodes { ...ConversationFields } }\n  }\n":Et,"\n  query Conversation($id: ID!) {\n    conversation(id: $id) { ...ConversationFields }\n  }\n":Lt,"\n  query History($id: ID!, $last: Int!, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        pageInfo { hasPreviousPage startCursor }\n        nodes { ...MessageFields }\n      }\n    }\n  }\n":Tt,"\n  subscription Events($after: [SeenInput!]) {\n    events(after: $after) {\n      __typename\n      ... on MessagePosted { message { ...MessageFields } }\n      ... on MessageUpdated { message { ...MessageFields } }\n      ... on ConversationLeft { conversationId }\n    }\n  }\n":Ut,"\n  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {\n    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {\n      ...MessageFields\n    }\n  }\n":Ot,"\n  mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {\n    pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {\n      ...MessageFields\n    }\n  }\n":Bt,"\n  mutation MarkRead($conversationId: ID!, $seq: Int!) {\n    markRead(conversationId: $conversationId, seq: $seq) { id lastReadSeq }\n  }\n":Vt,"\n  mutation OpenDirect($username: String!) {\n    openDirectConversation(username: $username) { ...ConversationFields }\n  }\n":jt,"\n  fragment MoneyFields on Money { amount currency formatted }\n":Ct,"\n  fragment PaymentFields on PaymentRequest {\n    id\n    app\n    description\n    reference\n    status\n    createdAt\n    decidedAt\n    amount { ...MoneyFields }\n    refunded { ...MoneyFields }\n  }\n":It,"\n  query Balances {\n    wallet { balances { ...MoneyFields } }\n  }\n":Wt,"\n  mutation ConfirmPayment($requestId: ID!, $idempotencyKey: String!) {\n    confirmPayment(requestId: $requestId, idempotencyKey: $idempotencyKey) { ...PaymentFields }\n  }\n":Ht,"\n  mutation DeclinePayment($requestId: ID!) {\n    declinePayment(requestId: $requestId) { ...PaymentFields }\n  }\n":Gt,"\n  query Wallet($first: Int!) {\n    wallet {\n      balances { ...MoneyFields }\n      history(first: $first) {\n        pageInfo { hasNextPage endCursor }\n        nodes { id at kind memo amount { ...MoneyFields } }\n      }\n      payments(first: $first) {\n        pageInfo { hasNextPage endCursor }\n        nodes { ...PaymentFields }\n      }\n    }\n  }\n":Kt,"\n  query WalletHistory($first: Int!, $after: String) {\n    wallet {\n      history(first: $first, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        nodes { id at kind memo amount { ...MoneyFields } }\n      }\n    }\n  }\n":Yt,"\n  query WalletPayments($first: Int!, $after: String) {\n    wallet {\n      payments(first: $first, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        nodes { ...PaymentFields }\n      }\n    }\n  }\n":Qt,"\n  mutation CreateGroup($title: String!, $usernames: [String!]!) {\n    createGroup(title: $title, usernames: $usernames) { ...ConversationFields }\n  }\n":Jt,"\n  mutation AddMembers($conversationId: ID!, $usernames: [String!]!) {\n    addMembers(conversationId: $conversationId, usernames: $usernames) { ...ConversationFields }\n  }\n":zt,"\n  mutation RemoveMember($conversationId: ID!, $username: String!) {\n    removeMember(conversationId: $conversationId, username: $username) { ...ConversationFields }\n  }\n":Xt,"\n  mutation LeaveConversation($conversationId: ID!) {\n    leaveConversation(conversationId: $conversationId)\n  }\n":Zt,"\n  fragment AppSettingsFields on AppSettings {\n    app\n    name\n    firstUsedAt\n    lastCommandAt\n    muted\n    blocked\n    messagesLast30Days\n    lastMessageAt\n    grants { grantedAt via scope { name description } }\n    canAskFor { name description }\n  }\n":Mt,"\n  query Settings {\n    me { id username displayName phone }\n    myAppSettings { ...AppSettingsFields }\n  }\n":es,"\n  mutation GrantScope($app: String!, $scope: String!) {\n    grantScope(app: $app, scope: $scope) { ...AppSettingsFields }\n  }\n":ns,"\n  mutation RevokeGrant($app: String!, $scope: String!) {\n    revokeGrant(app: $app, scope: $scope) { ...AppSettingsFields }\n  }\n":ts,"\n  mutation MuteApp($app: String!, $muted: Boolean!) {\n    muteApp(app: $app, muted: $muted) { ...AppSettingsFields }\n  }\n":ss,"\n  mutation BlockApp($app: String!, $blocked: Boolean!) {\n    blockApp(app: $app, blocked: $blocked) { ...AppSettingsFields }\n  }\n":as,"\n  mutation ForgetMe($app: String!) {\n    forgetMe(app: $app) { ...AppSettingsFields }\n  }\n":rs,"\n  mutation SetPhone($phone: String) {\n    setPhone(phone: $phone) { id phone }\n  }\n":os,"\n  mutation ExportMyData {\n    exportMyData\n  }\n":is,"\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n":ls,"\n  mutation ReportMessage($messageId: ID!, $block: Boolean!) {\n    reportMessage(messageId: $messageId, block: $block) { text scope category reported }\n  }\n":ds,"\n  query CommandSuggestions($conversationId: ID!, $prefix: String!) {\n    commandSuggestions(conversationId: $conversationId, prefix: $prefix) {\n      app { slug name }\n      command {\n        name\n        summary\n        usage\n        params { name type required help accepts }\n      }\n    }\n  }\n":cs,"\n  query MyApp($slug: String!, $days: Int!) {\n    registeredApp(slug: $slug) {\n      slug\n      owner\n      approvedVersion\n      suspension {\n        reason\n        since\n      }\n      versions {\n        ...VersionFields\n      }\n      usage(days: $days) {\n        ...UsageFields\n      }\n    }\n  }\n":us,"\n  mutation SubmitVersion($slug: String!, $manifest: JSON!) {\n    submitAppVersion(slug: $slug, manifest: $manifest) {\n      version\n      status\n    }\n  }\n":ps,"\n  query MyApps {\n    myApps {\n      slug\n      approvedVersion\n      suspension {\n        reason\n      }\n      versions {\n        version\n        status\n      }\n    }\n  }\n":ms,"\n  mutation RegisterApp($slug: String!) {\n    registerApp(slug: $slug) {\n      slug\n    }\n  }\n":hs,"\n  mutation Register($username: String!, $password: String!, $displayName: String) {\n    register(username: $username, password: $password, displayName: $displayName) {\n      me { username }\n    }\n  }\n":gs};function b(n){return fs[n]??{}}b(`
  fragment MessageFields on Message {
    id
    conversationId
    seq
    body
    createdAt
    private
    deleted
    revision
    clientMessageId
    sender { id username displayName }
    invoker { id username displayName }
    app { slug name }
    why { text scope category reported }
    content {
      __typename
      ... on Card {
        title
        body
        fields { label value }
        buttons { id label }
      }
      ... on ListContent {
        title
        items { title body buttons { id label } }
      }
      ... on PaymentCard {
        paymentRequestId
        description
        status
        expiresAt
        amount { amount currency formatted }
      }
    }
  }
`);b(`
  fragment ConversationFields on Conversation {
    id
    kind
    title
    app
    lastSeq
    lastReadSeq
    unreadCount
    lastActivityAt
    owner { id username displayName }
    members { id username displayName }
    lastMessage { ...MessageFields }
  }
`);const ys=b(`
  query Conversations($first: Int!) {
    me { id username displayName role }
    limits { maxMessageLength maxPageSize maxReplayConversations }
    conversations(first: $first) { nodes { ...ConversationFields } }
  }
`),vs=b(`
  query Conversation($id: ID!) {
    conversation(id: $id) { ...ConversationFields }
  }
`),_s=b(`
  query History($id: ID!, $last: Int!, $before: String) {
    conversation(id: $id) {
      id
      messages(last: $last, before: $before) {
        pageInfo { hasPreviousPage startCursor }
        nodes { ...MessageFields }
      }
    }
  }
`),bs=b(`
  subscription Events($after: [SeenInput!]) {
    events(after: $after) {
      __typename
      ... on MessagePosted { message { ...MessageFields } }
      ... on MessageUpdated { message { ...MessageFields } }
      ... on ConversationLeft { conversationId }
    }
  }
`),$s=b(`
  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {
    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {
      ...MessageFields
    }
  }
`),Ss=b(`
  mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {
    pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {
      ...MessageFields
    }
  }
`),As=b(`
  mutation MarkRead($conversationId: ID!, $seq: Int!) {
    markRead(conversationId: $conversationId, seq: $seq) { id lastReadSeq }
  }
`),ws=b(`
  mutation OpenDirect($username: String!) {
    openDirectConversation(username: $username) { ...ConversationFields }
  }
`),Cs=30,Is=4403,Ms=1e4;class Ds{me=null;maxMessageLength=4e3;conversations=new Map;connection="connecting";gone=new Set;open=null;messages=new Map;history=new Map;pending=new Map;listeners=new Set;stopLive=null;retry=null;failures=0;maxReplay=100;fetching=new Set;listen(t){return this.listeners.add(t),()=>this.listeners.delete(t)}changed(){for(const t of this.listeners)t()}async start(){const t=await S(ys,{first:100});this.me=t.me,this.maxMessageLength=t.limits.maxMessageLength,this.maxReplay=t.limits.maxReplayConversations;for(const s of t.conversations.nodes)this.conversations.set(s.id,s);this.changed(),this.follow()}stop(){this.stopLive?.(),this.stopLive=null,this.retry&&clearTimeout(this.retry),this.retry=null,this.conversations.clear(),this.messages.clear(),this.history.clear(),this.pending.clear(),this.gone.clear(),this.me=null,this.open=null,this.connection="connecting"}follow(){const t=[...this.conversations.values()].sort((s,a)=>a.lastActivityAt.localeCompare(s.lastActivityAt)).slice(0,this.maxReplay).map(s=>({conversationId:s.id,seq:s.lastSeq}));this.stopLive=_t(bs,{after:t},{onOpen:()=>{this.failures=0,this.connection="live",this.changed()},onData:({events:s})=>s.__typename==="ConversationLeft"?this.forget(s.conversationId):this.receive(s.message),onEnd:s=>{if(this.stopLive=null,s?.code===Is){Je();return}this.connection="reconnecting",this.changed();const a=Math.min(Ms,500*2**this.failures++);this.retry=setTimeout(()=>{this.retry=null,this.follow()},a)}})}reconnect(){this.retry&&(clearTimeout(this.retry),this.retry=null,this.failures=0,this.follow())}receive(t){const s=t.conversationId;t.clientMessageId&&this.settle(s,t.clientMessageId);const a=this.messagesOf(s).get(t.seq);if(a&&a.revision>t.revision){this.changed();return}this.messagesOf(s).set(t.seq,t);const r=this.conversations.get(s);if(!r){this.fetchConversation(s);return}if(t.seq>r.lastSeq){const o=t.sender?.id===this.me?.id,i=this.open===s&&document.visibilityState==="visible";this.conversations.set(s,{...r,lastSeq:t.seq,lastMessage:t,lastActivityAt:t.createdAt,unreadCount:o||i?r.unreadCount:r.unreadCount+1}),i&&this.markRead(s)}else r.lastMessage?.seq===t.seq&&this.conversations.set(s,{...r,lastMessage:t});this.changed()}async fetchConversation(t){if(!this.fetching.has(t)){this.fetching.add(t);try{const s=await S(vs,{id:t});this.conversations.set(t,s.conversation),this.gone.delete(t),this.changed()}catch(s){if(!this.lost(t,s))throw s}finally{this.fetching.delete(t)}}}add(t){this.conversations.set(t.id,t),this.gone.delete(t.id),this.changed()}forget(t){this.conversations.delete(t),this.messages.delete(t),this.history.delete(t),this.pending.delete(t),this.gone.add(t),this.changed()}lost(t,s){return!(s instanceof x)||s.code!=="NOT_FOUND"?!1:(this.forget(t),!0)}list(){return[...this.conversations.values()].sort((t,s)=>s.lastActivityAt.localeCompare(t.lastActivityAt))}messagesOf(t){let s=this.messages.get(t);return s||this.messages.set(t,s=new Map),s}messagesIn(t){return[...this.messagesOf(t).values()].sort((s,a)=>s.seq-a.seq)}pendingIn(t){return this.pending.get(t)??[]}hasOlder(t){return this.history.get(t)?.hasPrevious??!0}async loadOlder(t){const s=this.history.get(t)??{hasPrevious:!0,before:null,loading:!1};if(!(s.loading||!s.hasPrevious)){this.history.set(t,{...s,loading:!0});try{const r=(await S(_s,{id:t,last:Cs,before:s.before})).conversation.messages;for(const o of r.nodes)this.messagesOf(t).has(o.seq)||this.messagesOf(t).set(o.seq,o);this.history.set(t,{hasPrevious:r.pageInfo.hasPreviousPage,before:r.pageInfo.startCursor??null,loading:!1})}catch(a){if(this.history.set(t,{...s,loading:!1}),this.lost(t,a))return;throw a}this.changed()}}async markRead(t){const s=this.conversations.get(t);if(!s||s.lastReadSeq>=s.lastSeq){s?.unreadCount&&this.add({...s,unreadCount:0});return}const a=s.lastSeq;this.add({...s,lastReadSeq:a,unreadCount:0});try{await S(As,{conversationId:t,seq:a})}catch(r){if(!this.lost(t,r))throw r}}async send(t,s,a=crypto.randomUUID()){const r=this.pendingIn(t).filter(o=>o.clientMessageId!==a);this.pending.set(t,[...r,{clientMessageId:a,conversationId:t,body:s,state:"sending"}]),this.changed();try{const o=await S($s,{conversationId:t,body:s,clientMessageId:a});this.receive(o.sendMessage)}catch(o){if(this.lost(t,o))return;const i=o instanceof x?o.message:String(o);this.pending.set(t,this.pendingIn(t).map(l=>l.clientMessageId===a?{...l,state:"failed",error:i}:l)),this.changed()}}retrySend(t){return this.send(t.conversationId,t.body,t.clientMessageId)}settle(t,s){const a=this.pendingIn(t);a.some(r=>r.clientMessageId===s)&&this.pending.set(t,a.filter(r=>r.clientMessageId!==s))}drop(t,s){this.pending.set(t,this.pendingIn(t).filter(a=>a.clientMessageId!==s)),this.changed()}}const Y=new Ds;function j(){const[,n]=y(0);return R(()=>Y.listen(()=>n(t=>t+1)),[]),Y}const ks=b(`
  mutation Register($username: String!, $password: String!, $displayName: String) {
    register(username: $username, password: $password, displayName: $displayName) {
      me { username }
    }
  }
`);function Fs({onSignedIn:n}){const[t,s]=y(!1),[a,r]=y(null),[o,i]=y(!1);return e("main",{id:"main",class:"signin",children:[e("h1",{class:"brand",children:"souq"}),e("form",{onSubmit:async p=>{p.preventDefault();const d=new FormData(p.currentTarget),m=String(d.get("username")??"").trim(),g=String(d.get("password")??"");i(!0),r(null);try{if(t){const c=String(d.get("displayName")??"").trim()||null;await S(ks,{username:m,password:g,displayName:c})}n(await ft(m,g))}catch(c){r(c instanceof x?c.message:String(c))}finally{i(!1)}},"aria-labelledby":"signin-title",children:[e("h2",{id:"signin-title",children:t?"Create your account":"Sign in"}),e("label",{children:["Username",e("input",{name:"username",autoComplete:"username",required:!0,autoFocus:!0})]}),t&&e("label",{children:["Display name ",e("span",{class:"hint",children:"(optional)"}),e("input",{name:"displayName",autoComplete:"name"})]}),e("label",{children:["Password",e("input",{name:"password",type:"password",autoComplete:t?"new-password":"current-password",required:!0})]}),a&&e("p",{class:"error",role:"alert",children:a}),e("button",{type:"submit",disabled:o,children:t?"Create account":"Sign in"}),e("button",{type:"button",class:"link",onClick:()=>{s(!t),r(null)},children:t?"I have an account: sign in":"New here? Create an account"})]})]})}function On(n,t){return n.title?n.title:n.kind==="APP"&&n.app?n.app:n.members.filter(a=>a.id!==t?.id).map(a=>a.displayName).join(", ")||"Just you"}function Bn(n){const t=new Date(n),s=new Date;return t.toDateString()===s.toDateString()?t.toLocaleTimeString([],{hour:"2-digit",minute:"2-digit"}):t.toLocaleDateString([],{day:"numeric",month:"short"})}b(`
  fragment MoneyFields on Money { amount currency formatted }
`);b(`
  fragment PaymentFields on PaymentRequest {
    id
    app
    description
    reference
    status
    createdAt
    decidedAt
    amount { ...MoneyFields }
    refunded { ...MoneyFields }
  }
`);const qs=b(`
  query Balances {
    wallet { balances { ...MoneyFields } }
  }
`),Ps=b(`
  mutation ConfirmPayment($requestId: ID!, $idempotencyKey: String!) {
    confirmPayment(requestId: $requestId, idempotencyKey: $idempotencyKey) { ...PaymentFields }
  }
`),Ns=b(`
  mutation DeclinePayment($requestId: ID!) {
    declinePayment(requestId: $requestId) { ...PaymentFields }
  }
`),Rs=b(`
  query Wallet($first: Int!) {
    wallet {
      balances { ...MoneyFields }
      history(first: $first) {
        pageInfo { hasNextPage endCursor }
        nodes { id at kind memo amount { ...MoneyFields } }
      }
      payments(first: $first) {
        pageInfo { hasNextPage endCursor }
        nodes { ...PaymentFields }
      }
    }
  }
`),xs=b(`
  query WalletHistory($first: Int!, $after: String) {
    wallet {
      history(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id at kind memo amount { ...MoneyFields } }
      }
    }
  }
`),Es=b(`
  query WalletPayments($first: Int!, $after: String) {
    wallet {
      payments(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { ...PaymentFields }
      }
    }
  }
`),Ls=b(`
  mutation CreateGroup($title: String!, $usernames: [String!]!) {
    createGroup(title: $title, usernames: $usernames) { ...ConversationFields }
  }
`),Ts=b(`
  mutation AddMembers($conversationId: ID!, $usernames: [String!]!) {
    addMembers(conversationId: $conversationId, usernames: $usernames) { ...ConversationFields }
  }
`),Us=b(`
  mutation RemoveMember($conversationId: ID!, $username: String!) {
    removeMember(conversationId: $conversationId, username: $username) { ...ConversationFields }
  }
`),Os=b(`
  mutation LeaveConversation($conversationId: ID!) {
    leaveConversation(conversationId: $conversationId)
  }
`);b(`
  fragment AppSettingsFields on AppSettings {
    app
    name
    firstUsedAt
    lastCommandAt
    muted
    blocked
    messagesLast30Days
    lastMessageAt
    grants { grantedAt via scope { name description } }
    canAskFor { name description }
  }
`);const Bs=b(`
  query Settings {
    me { id username displayName phone }
    myAppSettings { ...AppSettingsFields }
  }
`),Vs=b(`
  mutation GrantScope($app: String!, $scope: String!) {
    grantScope(app: $app, scope: $scope) { ...AppSettingsFields }
  }
`),js=b(`
  mutation RevokeGrant($app: String!, $scope: String!) {
    revokeGrant(app: $app, scope: $scope) { ...AppSettingsFields }
  }
`),Ws=b(`
  mutation MuteApp($app: String!, $muted: Boolean!) {
    muteApp(app: $app, muted: $muted) { ...AppSettingsFields }
  }
`),Hs=b(`
  mutation BlockApp($app: String!, $blocked: Boolean!) {
    blockApp(app: $app, blocked: $blocked) { ...AppSettingsFields }
  }
`),Gs=b(`
  mutation ForgetMe($app: String!) {
    forgetMe(app: $app) { ...AppSettingsFields }
  }
`),Ks=b(`
  mutation SetPhone($phone: String) {
    setPhone(phone: $phone) { id phone }
  }
`),Ys=b(`
  mutation ExportMyData {
    exportMyData
  }
`),Qs=b(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`),Js=b(`
  mutation ReportMessage($messageId: ID!, $block: Boolean!) {
    reportMessage(messageId: $messageId, block: $block) { text scope category reported }
  }
`);let zs=0;const Xs='button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';function Zs(n,t){if(n.key!=="Tab")return;const s=[...t.querySelectorAll(Xs)];if(s.length===0)return;const a=s[0],r=s[s.length-1];n.shiftKey&&document.activeElement===a?(n.preventDefault(),r.focus()):!n.shiftKey&&document.activeElement===r&&(n.preventDefault(),a.focus())}function Z({title:n,onClose:t,children:s,class:a=""}){const r=F(null),o=F(`sheet-${++zs}`);return R(()=>{const i=document.activeElement;return r.current?.showModal(),()=>{r.current?.close(),i?.isConnected&&i.focus()}},[]),e("dialog",{ref:r,class:`sheet ${a}`,"aria-labelledby":`${o.current}-title`,onKeyDown:i=>r.current&&Zs(i,r.current),onCancel:i=>{i.preventDefault(),t()},children:[e("header",{children:[e("h2",{id:`${o.current}-title`,children:n}),e("button",{type:"button",class:"quiet close","aria-label":"Close",onClick:t,children:"×"})]}),e("div",{class:"sheet-body",children:s})]})}const ea={INSUFFICIENT_FUNDS:"Not enough money in your wallet: nothing was paid, and you can pay later.",PAYMENT_EXPIRED:"This request has expired: ask the app again.",PAYMENT_DECLINED:"You declined this request.",ALREADY_PAID:"This request is already paid."};function O(n){if(!(n instanceof x))return String(n);const t=ea[n.code];return t?`${t} (${n.message})`:n.message}function Vn(n){return n.split(/[\s,]+/).map(t=>t.replace(/^@/,"").trim()).filter(Boolean)}function na(){const[n,t]=y(!1);return e(P,{children:[e("button",{type:"button",class:"quiet new-group",onClick:()=>t(!0),children:"New group"}),n&&e(ta,{onClose:()=>t(!1)})]})}function ta({onClose:n}){const t=j(),{route:s}=U(),[a,r]=y(!1),[o,i]=y(null);return e(Z,{title:"New group",onClose:n,children:e("form",{class:"stack",onSubmit:async p=>{p.preventDefault();const d=new FormData(p.currentTarget);r(!0),i(null);try{const m=await S(Ls,{title:String(d.get("title")??"").trim(),usernames:Vn(String(d.get("members")??""))});t.add(m.createGroup),n(),s(`/chats/${m.createGroup.id}`)}catch(m){i(O(m)),r(!1)}},children:[e("label",{children:["Title",e("input",{name:"title",required:!0,maxLength:100,autoComplete:"off"})]}),e("label",{children:["Members",e("input",{name:"members",autoComplete:"off","aria-describedby":"new-group-members-hint"})]}),e("span",{class:"hint",id:"new-group-members-hint",children:"Usernames, separated by commas"}),o&&e("p",{class:"error",role:"alert",children:o}),e("div",{class:"actions",children:[e("button",{type:"submit",disabled:a,children:"Create group"}),e("button",{type:"button",class:"quiet",onClick:n,children:"Cancel"})]})]})})}function sa({conversation:n,name:t}){const[s,a]=y(!1),r=n.members.length;return e(P,{children:[e("button",{type:"button",class:"quiet members-button",onClick:()=>a(!0),children:["Members (",r,")"]}),s&&e(aa,{conversation:n,name:t,onClose:()=>a(!1)})]})}function aa({conversation:n,name:t,onClose:s}){const a=j(),{route:r}=U(),[o,i]=y(!1),[l,p]=y(null),[d,m]=y(!1),g=F(null),c=F(null),u=n.owner?.id===a.me?.id,v=async h=>{i(!0),p(null);try{await h()}catch(A){p(O(A))}finally{i(!1)}};R(()=>(d?g:c).current?.focus(),[d]);const w=h=>{h.preventDefault();const A=h.currentTarget,M=Vn(String(new FormData(A).get("usernames")??""));M.length!==0&&v(async()=>{const q=await S(Ts,{conversationId:n.id,usernames:M});a.add(q.addMembers),A.reset()})},f=h=>v(async()=>{const A=await S(Us,{conversationId:n.id,username:h});a.add(A.removeMember)}),$=()=>v(async()=>{await S(Os,{conversationId:n.id}),s(),a.forget(n.id),r("/chats")});return e(Z,{title:`Members of ${t}`,onClose:s,class:"members-sheet",children:[e("ul",{class:"member-list",children:n.members.map(h=>e("li",{children:[e("span",{class:"who",children:[e("strong",{children:h.displayName})," ",e("span",{class:"muted",children:["@",h.username]}),h.id===n.owner?.id&&e("span",{class:"badge",children:"owner"}),h.id===a.me?.id&&e("span",{class:"badge",children:"you"})]}),u&&h.id!==a.me?.id&&e("button",{type:"button",class:"quiet",disabled:o,"aria-label":`Remove ${h.displayName}`,onClick:()=>f(h.username),children:"Remove"})]},h.id))}),u?e("form",{class:"add-members",onSubmit:w,children:[e("label",{children:["Add people",e("input",{name:"usernames",autoComplete:"off",placeholder:"usernames, with commas"})]}),e("button",{type:"submit",disabled:o,children:"Add"})]}):e("p",{class:"hint",children:"Only the group's owner adds and removes members."}),l&&e("p",{class:"error",role:"alert",children:l}),e("div",{class:"leave",children:d?e("div",{role:"group","aria-label":"Confirm leaving",class:"confirm",children:[e("p",{children:["Leave ",t,"? You will no longer see its messages",u?", and the group passes to its longest-standing member":"","."]}),e("div",{class:"actions",children:[e("button",{type:"button",class:"danger",ref:g,disabled:o,onClick:$,children:"Leave group"}),e("button",{type:"button",class:"quiet",disabled:o,onClick:()=>m(!1),children:"Stay"})]})]}):e("button",{type:"button",class:"quiet danger-text",ref:c,onClick:()=>m(!0),children:"Leave group…"})})]})}function ra({openId:n}){const t=j(),{route:s}=U(),[a,r]=y(null);return e("aside",{class:"conversations","aria-label":"Conversations",children:[e("form",{class:"new-chat",onSubmit:async i=>{i.preventDefault();const l=i.currentTarget,p=String(new FormData(l).get("username")??"").trim();if(p)try{const d=await S(ws,{username:p});t.add(d.openDirectConversation),l.reset(),r(null),s(`/chats/${d.openDirectConversation.id}`)}catch(d){r(d instanceof x?d.message:String(d))}},children:[e("label",{children:[e("span",{class:"visually-hidden",children:"Start a chat with (username)"}),e("input",{name:"username",placeholder:"Start a chat with… (username)",autoComplete:"off"})]}),e("button",{type:"submit",children:"Chat"})]}),e("div",{class:"list-actions",children:e(na,{})}),a&&e("p",{class:"error",role:"alert",children:a}),e("ul",{class:"conversation-list",children:t.list().map(i=>e("li",{children:e("a",{href:`/chats/${i.id}`,"aria-current":i.id===n?"page":void 0,class:"conversation-link",children:[e("span",{class:"name",children:On(i,t.me)}),e("span",{class:"time",children:Bn(i.lastActivityAt)}),e("span",{class:"preview",children:i.lastMessage?`${i.lastMessage.sender?.displayName??i.lastMessage.app?.name??"souq"}: ${i.lastMessage.body}`:"No messages yet"}),i.unreadCount>0&&e("span",{class:"unread","aria-label":`${i.unreadCount} unread`,children:i.unreadCount})]})},i.id))})]})}const oa={PENDING:"Waiting for payment",COMPLETED:"Paid",DECLINED:"Declined",EXPIRED:"Expired"},jn=n=>`souq.pay.${n}`;function ia(n){const t=jn(n);let s=sessionStorage.getItem(t);return s||(s=crypto.randomUUID(),sessionStorage.setItem(t,s)),s}function la({message:n,card:t}){const s=j(),[a,r]=y(!1),[o,i]=y(null),l=F(null);R(()=>{o&&!a&&l.current?.focus()},[o,a]);const p=t.status==="PENDING"&&o?o:t.status,d=n.invoker?.id===s.me?.id;return e("div",{class:"card payment",ref:l,tabIndex:-1,children:[e("h3",{children:[t.description," · ",t.amount.formatted]}),e("p",{class:`status ${p.toLowerCase()}`,children:oa[p]??p}),p==="PENDING"&&d&&e("div",{class:"buttons",children:e("button",{type:"button",class:"pay",onClick:()=>r(!0),children:"Pay…"})}),a&&e(da,{appName:n.app?.name??"An app",card:t,onDone:m=>{m&&i(m),r(!1)}})]})}function da({appName:n,card:t,onDone:s}){const[a,r]=y(void 0),[o,i]=y(!1),[l,p]=y(null),d=t.amount.currency;R(()=>{S(qs).then(c=>r(c.wallet.balances.find(u=>u.currency===d)??null),c=>p(O(c)))},[d]);const m=async c=>{i(!0),p(null);try{const u=t.paymentRequestId,v=c?(await S(Ps,{requestId:u,idempotencyKey:ia(u)})).confirmPayment:(await S(Ns,{requestId:u})).declinePayment;sessionStorage.removeItem(jn(u)),s(v.status)}catch(u){p(O(u)),i(!1)}},g=a!==void 0&&Number(a?.amount??0)<Number(t.amount.amount);return e(Z,{title:"Confirm payment",onClose:()=>s(null),class:"payment-sheet",children:[e("dl",{class:"facts",children:[e("div",{children:[e("dt",{children:"Who asks"}),e("dd",{children:n})]}),e("div",{children:[e("dt",{children:"What for"}),e("dd",{children:t.description})]}),e("div",{children:[e("dt",{children:"Amount"}),e("dd",{class:"amount",children:t.amount.formatted})]}),e("div",{children:[e("dt",{children:"Your balance"}),e("dd",{children:a===void 0?"Loading…":a===null?`No ${d} in your wallet`:a.formatted})]})]}),g&&e("p",{class:"hint",children:["That is more than you have in ",d,"."]}),l&&e("p",{class:"error",role:"alert",children:l}),e("div",{class:"actions",children:[e("button",{type:"button",disabled:o,onClick:()=>m(!0),children:["Pay ",t.amount.formatted]}),e("button",{type:"button",class:"quiet",disabled:o,onClick:()=>m(!1),children:"Decline"})]})]})}function ca({message:n,why:t}){const[s,a]=y(!1),r=n.app?.name??"this app";return e(P,{children:[e("p",{class:"why",children:[t.text," ",t.reported?e("span",{class:"reported",children:"Reported"}):e("button",{type:"button",class:"link",onClick:()=>a(!0),children:"Report"})]}),s&&e(ua,{message:n,appName:r,onClose:()=>a(!1)})]})}function ua({message:n,appName:t,onClose:s}){const[a,r]=y(!1),[o,i]=y(!1),[l,p]=y(null);return e(Z,{title:"Report this message",onClose:s,children:e("form",{class:"stack",onSubmit:async m=>{m.preventDefault(),i(!0),p(null);try{const g=await S(Js,{messageId:n.id,block:a});Y.receive({...n,why:g.reportMessage}),s()}catch(g){p(O(g)),i(!1)}},children:[e("p",{children:["Report this message from ",t," as unwanted. Reports lower the app's rating, which limits whom it may message."]}),e("label",{class:"check",children:[e("input",{type:"checkbox",checked:a,onChange:m=>r(m.currentTarget.checked)}),"Also block ",t]}),l&&e("p",{class:"error",role:"alert",children:l}),e("div",{class:"actions",children:[e("button",{type:"submit",class:"danger",disabled:o,children:"Report"}),e("button",{type:"button",class:"quiet",disabled:o,onClick:s,children:"Cancel"})]})]})})}function pa({message:n,mine:t}){const s=n.app?n.app.name:n.sender?.displayName??"someone",a=n.app?.slug==="souq",r=["message",t?"mine":"theirs",n.app?"from-app":"",a?"from-souq":""];return e("li",{class:r.join(" "),"data-seq":n.seq,children:[e("div",{class:"meta",children:[a?e("span",{class:"from badge souq",children:"souq"}):e("span",{class:"from",children:s}),e("time",{dateTime:n.createdAt,children:Bn(n.createdAt)}),n.private&&e("span",{class:"badge private",children:"Only you can see this"})]}),n.deleted?e("p",{class:"body deleted",children:"This message was deleted."}):e(P,{children:[n.body&&e("p",{class:"body",children:n.body}),n.content&&e(ma,{message:n,content:n.content})]}),n.why&&e(ca,{message:n,why:n.why})]})}function ma({message:n,content:t}){switch(t.__typename){case"Card":return e("div",{class:"card",children:[e("h3",{children:t.title}),t.body&&e("p",{children:t.body}),t.fields.length>0&&e("dl",{children:t.fields.map((s,a)=>e("div",{children:[e("dt",{children:s.label}),e("dd",{children:s.value})]},a))}),e(hn,{message:n,buttons:t.buttons})]});case"ListContent":return e("div",{class:"card list",children:[e("h3",{children:t.title}),e("ul",{children:t.items.map((s,a)=>e("li",{children:[e("strong",{children:s.title}),s.body&&e("p",{children:s.body}),e(hn,{message:n,buttons:s.buttons})]},a))})]});case"PaymentCard":return e(la,{message:n,card:t});default:return null}}function hn({message:n,buttons:t}){const[s,a]=y(null),[r,o]=y(null);if(t.length===0)return null;const i=async l=>{a(l.id),o(null);try{const p=await S(Ss,{messageId:n.id,buttonId:l.id,clientId:crypto.randomUUID()});Y.receive(p.pressButton)}catch(p){o(p instanceof x?p.message:String(p))}finally{a(null)}};return e("div",{class:"buttons",children:[t.map(l=>e("button",{type:"button",disabled:s!==null,onClick:()=>i(l),children:l.label},l.id)),r&&e("p",{class:"error",role:"alert",children:r})]})}function ha({pending:n}){return e("li",{class:`message mine pending ${n.state}`,children:[e("p",{class:"body",children:n.body}),n.state==="sending"?e("p",{class:"state",children:"Sending…"}):e("p",{class:"state",role:"alert",children:["Not sent: ",n.error," ",e("button",{type:"button",class:"quiet",onClick:()=>Y.retrySend(n),children:"Retry"}),e("button",{type:"button",class:"quiet",onClick:()=>Y.drop(n.conversationId,n.clientMessageId),children:"Discard"})]})]})}const ga=b(`
  query CommandSuggestions($conversationId: ID!, $prefix: String!) {
    commandSuggestions(conversationId: $conversationId, prefix: $prefix) {
      app { slug name }
      command {
        name
        summary
        usage
        params { name type required help accepts }
      }
    }
  }
`);function gn(n){return`/${n.app.slug} ${n.command.name} `}function fa({conversationId:n}){const t=j(),[s,a]=y(""),[r,o]=y([]),[i,l]=y(0),[p,d]=y(null),m=F(null),g=F("");R(()=>{const f=s.trimStart();if(!f.startsWith("/")||f.includes(`
`)){g.current="",o([]),d(null);return}g.current=f,S(ga,{conversationId:n,prefix:f}).then($=>{if(g.current!==f)return;const h=f.split(/\s+/).length,A=$.commandSuggestions.find(M=>f.startsWith(gn(M)));d(A??null),o(A&&h>2?[]:$.commandSuggestions.slice(0,8)),l(0)},()=>o([]))},[s,n]);const c=f=>{a(gn(f)),d(f),o([]),m.current?.focus()},u=()=>{const f=s.trim();f&&(t.send(n,f),a(""),d(null),o([]))},v=f=>{const $=r.length>0;$&&f.key==="ArrowDown"?(f.preventDefault(),l((i+1)%r.length)):$&&f.key==="ArrowUp"?(f.preventDefault(),l((i-1+r.length)%r.length)):$&&(f.key==="Tab"||f.key==="Enter"&&!f.shiftKey)?(f.preventDefault(),c(r[i])):$&&f.key==="Escape"?o([]):f.key==="Enter"&&!f.shiftKey&&(f.preventDefault(),u())},w=`commands-${n}`;return e("form",{class:"composer",onSubmit:f=>{f.preventDefault(),u()},children:[r.length>0&&e("ul",{class:"suggestions",id:w,role:"listbox","aria-label":"Commands",children:r.map((f,$)=>e("li",{id:`${w}-${$}`,role:"option","aria-selected":$===i,onMouseDown:h=>{h.preventDefault(),c(f)},children:[e("span",{class:"command",children:["/",f.app.slug," ",f.command.name]}),e("span",{class:"summary",children:f.command.summary}),e(fn,{suggestion:f})]},`${f.app.slug} ${f.command.name}`))}),p&&r.length===0&&e("div",{class:"usage","aria-live":"polite",children:[e("code",{children:p.command.usage}),e(fn,{suggestion:p})]}),e("label",{class:"visually-hidden",for:`compose-${n}`,children:"Message"}),e("textarea",{id:`compose-${n}`,ref:m,rows:1,value:s,maxLength:t.maxMessageLength,placeholder:"Message, or / for commands",role:"combobox","aria-expanded":r.length>0,"aria-controls":w,"aria-autocomplete":"list","aria-activedescendant":r.length?`${w}-${i}`:void 0,onInput:f=>a(f.currentTarget.value),onKeyDown:v}),e("button",{type:"submit",disabled:!s.trim(),children:"Send"})]})}function fn({suggestion:n}){const t=n.command.params;return t.length===0?null:e("dl",{class:"params",children:t.map(s=>e("div",{children:[e("dt",{children:[s.name,s.required?"":" (optional)"," · ",e("span",{class:"type",children:s.type})]}),e("dd",{children:s.help||s.accepts})]},s.name))})}function ya({id:n}){const t=j(),s=t.conversations.get(n),a=F(null),r=F(!0),o=F(null),[i,l]=y(null),p=()=>{const u=a.current;u&&(o.current=u.scrollHeight-u.scrollTop),t.loadOlder(n).catch(v=>l(v instanceof x?v.message:String(v)))};R(()=>{t.open=n,p(),t.markRead(n);const u=()=>document.visibilityState==="visible"&&void t.markRead(n);return document.addEventListener("visibilitychange",u),()=>{document.removeEventListener("visibilitychange",u),t.open===n&&(t.open=null)}},[n]);const d=t.messagesIn(n),m=t.pendingIn(n);Ye(()=>{const u=a.current;u&&(o.current!==null?(u.scrollTop=u.scrollHeight-o.current,o.current=null):r.current&&(u.scrollTop=u.scrollHeight))},[d.length,m.length,d[d.length-1]?.revision]);const g=()=>{const u=a.current;u&&(r.current=u.scrollHeight-u.scrollTop-u.clientHeight<40,u.scrollTop<80&&t.hasOlder(n)&&p())};if(R(()=>{!s&&!t.gone.has(n)&&t.fetchConversation(n).catch(u=>l(u instanceof x?u.message:String(u)))},[n]),t.gone.has(n))return e("section",{class:"conversation gone","aria-label":"Conversation gone",children:e("p",{role:"alert",children:["You are not a member of this conversation (anymore)."," ",e("a",{href:"/chats",children:"Back to your conversations"})]})});if(!s)return e("section",{class:"conversation",children:i?e("p",{class:"error",role:"alert",children:i}):e("p",{class:"loading",children:"Opening…"})});const c=On(s,t.me);return e("section",{class:"conversation","aria-label":c,children:[e("header",{class:"conversation-head",children:[e("a",{href:"/chats",class:"back","aria-label":"Back to conversations",children:"←"}),e("h1",{children:c}),s.kind==="GROUP"&&e(P,{children:[e("span",{class:"members",children:s.members.map(u=>u.displayName).join(", ")}),e(sa,{conversation:s,name:c})]})]}),i&&e("p",{class:"error",role:"alert",children:i}),e("div",{class:"messages",ref:a,onScroll:g,role:"log","aria-live":"polite",tabIndex:0,"aria-label":"Messages",children:e("ol",{class:"message-list",children:[t.hasOlder(n)?e("li",{class:"older",children:e("button",{type:"button",class:"quiet",onClick:p,children:"Load earlier messages"})}):e("li",{class:"older",children:"Start of the conversation"}),d.map(u=>e(pa,{message:u,mine:u.sender?.id===t.me?.id},u.seq)),m.map(u=>e(ha,{pending:u},u.clientMessageId))]})}),e(fa,{conversationId:n})]})}function va(){const n=j();return n.connection!=="reconnecting"?null:e("div",{class:"banner",role:"status",children:["Connection lost: reconnecting… Nothing you missed is lost.",e("button",{type:"button",class:"quiet",onClick:()=>n.reconnect(),children:"Reconnect now"})]})}function yn({id:n}){const t=j(),[s,a]=y(null);return R(()=>{t.me||t.start().catch(r=>a(String(r.message??r)))},[]),s?e("p",{class:"error",role:"alert",children:s}):t.me?e("div",{class:n?"chats has-open":"chats",children:[e(va,{}),e(ra,{openId:n}),n?e(ya,{id:n},n):e("section",{class:"placeholder","aria-label":"No conversation open",children:e("p",{children:"Choose a conversation, or start one."})})]}):e("p",{class:"loading",children:"Loading your chats…"})}function _a(){return e("section",{class:"empty",children:[e("h1",{children:"Nothing here"}),e("p",{children:e("a",{href:"/chats",children:"Back to your chats"})})]})}function oe(n){return new Date(n).toLocaleString([],{dateStyle:"medium",timeStyle:"short"})}function ba(n){return new Date(n).toLocaleDateString([],{dateStyle:"medium"})}const Ze=20,$a={TOP_UP:"Top-up",PAYMENT:"Payment",REFUND:"Refund"},Sa={PENDING:"Waiting",COMPLETED:"Paid",DECLINED:"Declined",EXPIRED:"Expired"};function Aa(){const[n,t]=y(null),[s,a]=y(null);return R(()=>{S(Rs,{first:Ze}).then(r=>t(r.wallet),r=>a(O(r)))},[]),e("section",{class:"people-page wallet","aria-labelledby":"wallet-title",children:[e("h1",{id:"wallet-title",children:"Wallet"}),s&&e("p",{class:"error",role:"alert",children:s}),n?e(P,{children:[e("section",{"aria-labelledby":"balances-title",children:[e("h2",{id:"balances-title",children:"Balances"}),n.balances.length===0?e("p",{class:"muted",children:"Your wallet is empty."}):e("ul",{class:"balances",children:n.balances.map(r=>e("li",{children:[e("span",{class:"currency",children:r.currency}),e("span",{class:"amount",children:r.formatted})]},r.currency))})]}),e(wa,{first:n.history}),e(Ca,{first:n.payments})]}):!s&&e("p",{class:"loading",children:"Loading your wallet…"})]})}function Wn(n,t){const[s,a]=y(n),[r,o]=y(!1),[i,l]=y(null);return{page:s,busy:r,error:i,loadMore:async()=>{if(s.pageInfo.endCursor){o(!0),l(null);try{const d=await t(s.pageInfo.endCursor);a({nodes:[...s.nodes,...d.nodes],pageInfo:d.pageInfo})}catch(d){l(O(d))}finally{o(!1)}}}}}function Hn({pages:n,what:t}){return e(P,{children:[n.error&&e("p",{class:"error",role:"alert",children:n.error}),n.page.pageInfo.hasNextPage&&e("button",{type:"button",class:"quiet load-more",disabled:n.busy,onClick:n.loadMore,children:n.busy?"Loading…":`Load more ${t}`})]})}function wa({first:n}){const t=Wn(n,async s=>(await S(xs,{first:Ze,after:s})).wallet.history);return e("section",{"aria-labelledby":"history-title",children:[e("h2",{id:"history-title",children:"History"}),t.page.nodes.length===0?e("p",{class:"muted",children:"Nothing has moved in your wallet yet."}):e("div",{class:"table-scroll",children:e("table",{children:[e("caption",{class:"visually-hidden",children:"Wallet history, newest first"}),e("thead",{children:e("tr",{children:[e("th",{scope:"col",children:"When"}),e("th",{scope:"col",children:"What"}),e("th",{scope:"col",children:"Details"}),e("th",{scope:"col",class:"number",children:"Amount"})]})}),e("tbody",{children:t.page.nodes.map(s=>e("tr",{children:[e("td",{children:e("time",{dateTime:s.at,children:oe(s.at)})}),e("td",{children:$a[s.kind]??s.kind}),e("td",{children:s.memo}),e("td",{class:`number ${Number(s.amount.amount)<0?"out":"in"}`,children:s.amount.formatted})]},s.id))})]})}),e(Hn,{pages:t,what:"history"})]})}function Ca({first:n}){const t=Wn(n,async s=>(await S(Es,{first:Ze,after:s})).wallet.payments);return e("section",{"aria-labelledby":"payments-title",children:[e("h2",{id:"payments-title",children:"Payments"}),t.page.nodes.length===0?e("p",{class:"muted",children:"No app has asked you for money yet."}):e("div",{class:"table-scroll",children:e("table",{children:[e("caption",{class:"visually-hidden",children:"Payment requests, newest first"}),e("thead",{children:e("tr",{children:[e("th",{scope:"col",children:"When"}),e("th",{scope:"col",children:"App"}),e("th",{scope:"col",children:"For"}),e("th",{scope:"col",children:"Status"}),e("th",{scope:"col",class:"number",children:"Amount"})]})}),e("tbody",{children:t.page.nodes.map(s=>e("tr",{children:[e("td",{children:e("time",{dateTime:s.createdAt,children:oe(s.createdAt)})}),e("td",{children:s.app}),e("td",{children:[s.description,e("span",{class:"muted reference",children:[" · ",s.reference]})]}),e("td",{children:[e("span",{class:`status ${s.status.toLowerCase()}`,children:Sa[s.status]??s.status}),Number(s.refunded.amount)>0&&e("span",{class:"muted",children:[" · ",s.refunded.formatted," refunded"]})]}),e("td",{class:"number",children:s.amount.formatted})]},s.id))})]})}),e(Hn,{pages:t,what:"payments"})]})}const Ia={CONSENT_CARD:"in the chat",SETTINGS:"in settings",FORGET_ME:"by forget me"};function Ma(){const[n,t]=y(null),[s,a]=y([]),[r,o]=y(null);R(()=>{S(Bs).then(l=>{t(l.me),a(l.myAppSettings)},l=>o(O(l)))},[]);const i=l=>a(p=>p.map(d=>d.app===l.app?l:d));return e("section",{class:"people-page settings","aria-labelledby":"settings-title",children:[e("h1",{id:"settings-title",children:"Settings"}),r&&e("p",{class:"error",role:"alert",children:r}),n?e(P,{children:[e("section",{"aria-labelledby":"apps-title",children:[e("h2",{id:"apps-title",children:"Your apps"}),s.length===0?e("p",{class:"muted",children:"You have not used any app yet."}):e("ul",{class:"app-settings",children:s.map(l=>e(Da,{settings:l,onChange:i},l.app))})]}),e(ka,{me:n,onChange:t}),e(Fa,{}),e(qa,{})]}):!r&&e("p",{class:"loading",children:"Loading your settings…"})]})}function De(){const[n,t]=y(!1),[s,a]=y(null);return{busy:n,error:s,run:async o=>{t(!0),a(null);try{return await o(),!0}catch(i){return a(O(i)),!1}finally{t(!1)}}}}function Da({settings:n,onChange:t}){const{busy:s,error:a,run:r}=De(),[o,i]=y(!1),l=n.app,p=`app-${l}`,d=new Set(n.grants.map(g=>g.scope.name)),m=n.canAskFor.filter(g=>!d.has(g.name));return e("li",{class:"app-panel","aria-labelledby":p,children:[e("header",{children:[e("h3",{id:p,children:n.name}),e("span",{class:"muted",children:["/",l]}),n.muted&&e("span",{class:"badge",children:"muted"}),n.blocked&&e("span",{class:"badge blocked",children:"blocked"})]}),e("dl",{class:"facts",children:[e("div",{children:[e("dt",{children:"First used"}),e("dd",{children:ba(n.firstUsedAt)})]}),e("div",{children:[e("dt",{children:"Last command"}),e("dd",{children:n.lastCommandAt?oe(n.lastCommandAt):"never"})]}),e("div",{children:[e("dt",{children:"Messages in the last 30 days"}),e("dd",{children:n.messagesLast30Days})]}),e("div",{children:[e("dt",{children:"Last message"}),e("dd",{children:n.lastMessageAt?oe(n.lastMessageAt):"none"})]})]}),e("h4",{children:"What you allow it"}),n.grants.length===0?e("p",{class:"muted",children:"Nothing."}):e("ul",{class:"grants",children:n.grants.map(g=>e("li",{children:[e("div",{children:[e("code",{children:g.scope.name})," ",g.scope.description,e("div",{class:"muted",children:["Allowed ",Ia[g.via]??g.via," on ",oe(g.grantedAt)]})]}),e("button",{type:"button",class:"quiet",disabled:s,"aria-label":`Revoke ${g.scope.name} from ${n.name}`,onClick:()=>r(async()=>t((await S(js,{app:l,scope:g.scope.name})).revokeGrant)),children:"Revoke"})]},g.scope.name))}),m.length>0&&e(P,{children:[e("h4",{children:"It may ask for"}),e("ul",{class:"grants",children:m.map(g=>e("li",{children:[e("div",{children:[e("code",{children:g.name})," ",g.description]}),e("button",{type:"button",class:"quiet",disabled:s,"aria-label":`Allow ${g.name} to ${n.name}`,onClick:()=>r(async()=>t((await S(Vs,{app:l,scope:g.name})).grantScope)),children:"Allow"})]},g.name))})]}),a&&!o&&e("p",{class:"error",role:"alert",children:a}),e("div",{class:"actions",children:[e("button",{type:"button",class:"quiet",disabled:s,onClick:()=>r(async()=>t((await S(Ws,{app:l,muted:!n.muted})).muteApp)),children:n.muted?`Unmute ${n.name}`:`Mute ${n.name}`}),e("button",{type:"button",class:"quiet",disabled:s,onClick:()=>r(async()=>t((await S(Hs,{app:l,blocked:!n.blocked})).blockApp)),children:n.blocked?`Unblock ${n.name}`:`Block ${n.name}`}),e("button",{type:"button",class:"quiet danger-text",disabled:s,onClick:()=>i(!0),children:"Forget me…"})]}),o&&e(Z,{title:`Make ${n.name} forget you?`,onClose:()=>i(!1),children:[e("p",{children:[n.name," deletes what it keeps about you, can no longer recognise you, and every permission you gave it is revoked. This cannot be undone."]}),a&&e("p",{class:"error",role:"alert",children:a}),e("div",{class:"actions",children:[e("button",{type:"button",class:"danger",disabled:s,onClick:async()=>{await r(async()=>t((await S(Gs,{app:l})).forgetMe))&&i(!1)},children:"Forget me"}),e("button",{type:"button",class:"quiet",onClick:()=>i(!1),children:"Cancel"})]})]})]})}function ka({me:n,onChange:t}){const{busy:s,error:a,run:r}=De(),[o,i]=y(null),l=p=>r(async()=>{const d=await S(Ks,{phone:p});t({...n,phone:d.setPhone.phone}),i(d.setPhone.phone?`Saved: ${d.setPhone.phone}`:"Removed.")});return e("section",{"aria-labelledby":"phone-title",children:[e("h2",{id:"phone-title",children:"Your phone"}),e("form",{class:"inline-form",onSubmit:p=>{p.preventDefault(),i(null);const d=String(new FormData(p.currentTarget).get("phone")??"").trim();l(d||null)},children:[e("label",{children:["Phone number",e("input",{name:"phone",type:"tel",autoComplete:"tel",defaultValue:n.phone??"",placeholder:"+31 6 1234 5678","aria-describedby":"phone-hint"})]}),e("span",{class:"hint",id:"phone-hint",children:"With the country code. An app sees it only if you allow it."}),e("div",{class:"actions",children:[e("button",{type:"submit",disabled:s,children:"Save"}),n.phone&&e("button",{type:"button",class:"quiet",disabled:s,onClick:()=>l(null),children:"Remove"})]})]}),a&&e("p",{class:"error",role:"alert",children:a}),o&&e("p",{class:"ok",role:"status",children:o})]})}function Fa(){const{busy:n,error:t,run:s}=De();return e("section",{"aria-labelledby":"data-title",children:[e("h2",{id:"data-title",children:"Your data"}),e("p",{children:"Everything souq holds about you, as one JSON file."}),e("button",{type:"button",disabled:n,onClick:()=>s(async()=>{const r=await S(Ys),o=new Blob([JSON.stringify(r.exportMyData,null,2)],{type:"application/json"}),i=URL.createObjectURL(o),l=document.createElement("a");l.href=i,l.download=`souq-export-${new Date().toISOString().slice(0,10)}.json`,document.body.append(l),l.click(),l.remove(),setTimeout(()=>URL.revokeObjectURL(i),0)}),children:n?"Preparing…":"Export my data"}),t&&e("p",{class:"error",role:"alert",children:t})]})}function qa(){const[n,t]=y(!1),{busy:s,error:a,run:r}=De();return e("section",{"aria-labelledby":"delete-title",class:"danger-zone",children:[e("h2",{id:"delete-title",children:"Delete your account"}),e("p",{children:"Your messages become “deleted”, your chats with apps and what apps keep about you go, and your name is free again. Your wallet's history stays in souq's books."}),e("button",{type:"button",class:"danger",onClick:()=>t(!0),children:"Delete my account…"}),n&&e(Z,{title:"Delete your account?",onClose:()=>t(!1),children:e("form",{class:"stack",onSubmit:i=>{i.preventDefault();const l=String(new FormData(i.currentTarget).get("password")??"");r(async()=>{await S(Qs,{password:l}),await Un().catch(()=>{}),Je()})},children:[e("p",{children:"This cannot be undone. Type your password to confirm."}),e("label",{children:["Password",e("input",{name:"password",type:"password",autoComplete:"current-password",required:!0})]}),a&&e("p",{class:"error",role:"alert",children:a}),e("div",{class:"actions",children:[e("button",{type:"submit",class:"danger",disabled:s,children:"Delete my account"}),e("button",{type:"button",class:"quiet",disabled:s,onClick:()=>t(!1),children:"Cancel"})]})]})})]})}b(`
  fragment VersionFields on AppVersion {
    slug
    version
    status
    revision
    scopes
    manifest
    submittedBy
    submittedAt
    decidedBy
    decidedAt
    reason
    commands {
      name
      summary
      usage
      params {
        name
        type
        required
        help
        accepts
      }
    }
    diff {
      against
      commandsAdded { name before after changes }
      commandsRemoved { name before after changes }
      commandsChanged { name before after changes }
      actionsAdded
      actionsRemoved
      actionsChanged
      scopesAdded
      scopesRemoved
    }
  }
`);b(`
  fragment UsageFields on AppUsageDay {
    day
    invocations
    people
    errors
    timeouts
    p95LatencyMs
  }
`);const T=14;function Pa(n){const t=n?.actions;return Array.isArray(t)?t.filter(s=>typeof s?.name=="string").map(s=>({name:s.name,summary:typeof s.summary=="string"?s.summary:""})):[]}function le(n){return new Date(n).toLocaleString(void 0,{dateStyle:"medium",timeStyle:"short"})}function Na(n){const t=new Date(n),s=t.getFullYear()===new Date().getFullYear();return t.toLocaleString(void 0,{day:"numeric",month:"short",year:s?void 0:"numeric",hour:"2-digit",minute:"2-digit"})}const Ra={added:"Added",removed:"Removed",changed:"Changed"};function Ne({mark:n}){return n?e("span",{class:`mark-badge ${n}`,children:Ra[n]}):null}const xa={commands:new Map,actions:new Map,scopes:new Map,changes:new Map};function Ve({version:n,marks:t=xa}){const s=Pa(n.manifest);return e("div",{class:"manifest",children:[e("h4",{children:"Commands"}),n.commands.length?e("ul",{class:"parts",children:n.commands.map(a=>{const r=t.commands.get(a.name);return e("li",{class:r,children:[e("p",{class:"usage-line",children:[e("code",{children:a.usage})," ",e(Ne,{mark:r})]}),e("p",{class:"muted",children:a.summary}),r==="changed"&&e("ul",{class:"changes","aria-label":`What changed in ${a.name}`,children:(t.changes.get(a.name)??[]).map(o=>e("li",{children:o},o))}),a.params.length>0&&e("dl",{class:"param-list",children:a.params.map(o=>e("div",{children:[e("dt",{children:[e("code",{children:o.name})," ",e("span",{class:"muted",children:o.type}),!o.required&&e("span",{class:"muted",children:" (optional)"})]}),e("dd",{children:[o.help,o.accepts].filter(Boolean).join(" — ")})]},o.name))})]},a.name)})}):e("p",{class:"muted",children:"No commands."}),e("h4",{children:"Button actions"}),s.length?e("ul",{class:"parts compact",children:s.map(a=>{const r=t.actions.get(a.name);return e("li",{class:r,children:[e("code",{children:a.name})," ",e(Ne,{mark:r}),a.summary&&e("span",{class:"muted",children:[" ",a.summary]})]},a.name)})}):e("p",{class:"muted",children:"No actions."}),e("h4",{children:"Scopes"}),n.scopes.length?e("ul",{class:"parts compact",children:n.scopes.map(a=>{const r=t.scopes.get(a);return e("li",{class:r,children:[e("code",{children:a})," ",e(Ne,{mark:r})]},a)})}):e("p",{class:"muted",children:"Asks for no scopes."})]})}function J(n){return new Map(n)}function Gn(n){return[[n.commandsAdded.map(s=>s.name),"command added"],[n.commandsChanged.map(s=>s.name),"command changed"],[n.commandsRemoved.map(s=>s.name),"command removed"],[n.actionsAdded,"action added"],[n.actionsChanged,"action changed"],[n.actionsRemoved,"action removed"],[n.scopesAdded,"scope added"],[n.scopesRemoved,"scope removed"]].filter(([s])=>s.length).map(([s,a])=>{const[r,o]=a.split(" ");return`${s.length===1?`1 ${r}`:`${s.length} ${r}s`} ${o}: ${s.join(", ")}`})}function Ea({pending:n,approved:t}){const{diff:s}=n,a=new Map(s.commandsChanged.map(l=>[l.name,l.changes])),r={commands:J([...s.commandsAdded.map(l=>[l.name,"added"]),...s.commandsChanged.map(l=>[l.name,"changed"])]),actions:J([...s.actionsAdded.map(l=>[l,"added"]),...s.actionsChanged.map(l=>[l,"changed"])]),scopes:J(s.scopesAdded.map(l=>[l,"added"])),changes:a},o={commands:J([...s.commandsRemoved.map(l=>[l.name,"removed"]),...s.commandsChanged.map(l=>[l.name,"changed"])]),actions:J([...s.actionsRemoved.map(l=>[l,"removed"]),...s.actionsChanged.map(l=>[l,"changed"])]),scopes:J(s.scopesRemoved.map(l=>[l,"removed"])),changes:a},i=Gn(s);return e("div",{class:"compare-wrap",children:[e("div",{class:"what-changed",children:[e("h4",{children:["What changed",s.against?` since ${s.against}`:""]}),s.against?i.length?e("ul",{children:i.map(l=>e("li",{children:l},l))}):e("p",{children:"Commands, actions and scopes are as approved."}):e("p",{children:"Nothing of this app was approved before: everything is new."})]}),e("div",{class:"compare",children:[e("section",{class:"side","aria-label":t?`Approved version ${t.version}`:"Nothing approved",children:[e("h3",{class:"side-title",children:t?`Approved ${t.version}`:"Nothing approved yet"}),t?e(Ve,{version:t,marks:o}):e("p",{class:"muted",children:"—"})]}),e("section",{class:"side pending","aria-label":`Submitted version ${n.version}`,children:[e("h3",{class:"side-title",children:["Submitted ",n.version]}),e(Ve,{version:n,marks:r})]})]})]})}function me(n,t){const[s,a]=y(null),[r,o]=y(null),i=F(0),l=lt(async()=>{const p=++i.current;try{const d=await n();if(p!==i.current)return;a(d),o(null)}catch(d){p===i.current&&o(d instanceof Error?d.message:String(d))}},t);return R(()=>{l()},[l]),{data:s,error:r,reload:l}}function X(n){return n instanceof Error?n.message:String(n)}const La=[{href:"/admin/review",label:"Review"},{href:"/admin/apps",label:"Apps"},{href:"/admin/audit",label:"Audit log"}];function ke(){const{path:n}=U();return e("nav",{class:"tabs","aria-label":"Admin",children:e("ul",{children:La.map(t=>e("li",{children:e("a",{href:t.href,"aria-current":n.startsWith(t.href)?"page":void 0,children:t.label})},t.href))})})}const Ta=b(`
  query ReviewQueue {
    reviewQueue {
      ...VersionFields
    }
    registeredApps {
      slug
      owner
      approvedVersion
      versions {
        ...VersionFields
      }
    }
  }
`),Ua=b(`
  mutation ApproveVersion($slug: String!, $version: String!, $reason: String) {
    approveAppVersion(slug: $slug, version: $version, reason: $reason) {
      slug
      version
      status
    }
  }
`),Oa=b(`
  mutation RejectVersion($slug: String!, $version: String!, $reason: String!) {
    rejectAppVersion(slug: $slug, version: $version, reason: $reason) {
      slug
      version
      status
    }
  }
`);function Ba(){const n=me(()=>S(Ta),[]),[t,s]=y(null),a=r=>n.data?.registeredApps.find(i=>i.slug===r.slug)?.versions.find(i=>i.version===r.diff.against)??null;return e("section",{class:"console","aria-labelledby":"review-title",children:[e(ke,{}),e("h1",{id:"review-title",tabIndex:-1,children:"Review queue"}),e("p",{role:"status",class:"ok",children:t}),n.error&&e("p",{class:"error",role:"alert",children:n.error}),n.data?n.data.reviewQueue.length===0?e("p",{class:"empty-note",children:"Nothing waits for review."}):e("ol",{class:"queue",children:n.data.reviewQueue.map(r=>e("li",{children:e(Va,{version:r,approved:a(r),onDecided:o=>{s(o),n.reload(),document.getElementById("review-title")?.focus()}})},`${r.slug} ${r.version}`))}):!n.error&&e("p",{class:"loading",children:"Loading the queue…"})]})}function Va({version:n,approved:t,onDecided:s}){const[a,r]=y(""),[o,i]=y(!1),[l,p]=y(null),d=`${n.slug}-${n.version}`.replace(/[^a-z0-9-]/gi,"-"),m=`${n.slug} ${n.version}`,g=async c=>{const u=a.trim();if(c==="reject"&&!u){p("Say why you reject it: the developer reads the reason."),document.getElementById(`reason-${d}`)?.focus();return}i(!0),p(null);try{const v={slug:n.slug,version:n.version};c==="approve"?await S(Ua,{...v,reason:u||null}):await S(Oa,{...v,reason:u}),s(`${m} ${c==="approve"?"approved":"rejected"}.`)}catch(v){p(X(v)),i(!1)}};return e("article",{class:"review-item","aria-labelledby":`title-${d}`,children:[e("header",{class:"item-head",children:[e("h2",{id:`title-${d}`,children:m}),e("p",{class:"muted",children:["Submitted by ",n.submittedBy," on ",le(n.submittedAt),n.revision>1&&` · revision ${n.revision} (the installed code changed)`]})]}),e(Ea,{pending:n,approved:t}),e("form",{class:"decision",onSubmit:c=>{c.preventDefault(),g("approve")},children:[e("label",{for:`reason-${d}`,children:["Reason ",e("span",{class:"hint",children:"(required to reject; the developer sees it)"})]}),e("textarea",{id:`reason-${d}`,rows:2,value:a,onInput:c=>r(c.currentTarget.value),"aria-invalid":l?!0:void 0,"aria-describedby":l?`error-${d}`:void 0}),l&&e("p",{class:"error",role:"alert",id:`error-${d}`,children:l}),e("div",{class:"actions",children:[e("button",{type:"submit",disabled:o,children:["Approve",e("span",{class:"visually-hidden",children:[" ",m]})]}),e("button",{type:"button",class:"danger",disabled:o,onClick:()=>{g("reject")},children:["Reject",e("span",{class:"visually-hidden",children:[" ",m]})]})]})]})]})}const ve=320,_e=150,ee=36,Re=6,xe=10,ja=22;function Wa(n){if(n<=0)return 1;const t=10**Math.floor(Math.log10(n));for(const s of[1,2,5,10])if(n<=s*t)return s*t;return 10*t}function Kn(n,t,s,a){const r=t.filter(p=>p.value!==null),o=t.length?`${t[0].label} to ${t[t.length-1].label}`:"no days";if(!r.length)return`${n}, ${o}: nothing recorded.`;const i=r.reduce((p,d)=>d.value>p.value?d:p);if(a==="bars"){const p=r.reduce((d,m)=>d+m.value,0);return p===0?`${n}, ${o}: none.`:`${n}, ${o}: ${s(p)} in all, most on ${i.label} (${s(i.value)}).`}const l=r[r.length-1];return`${n}, ${o}: highest ${s(i.value)} on ${i.label}, latest ${s(l.value)} on ${l.label}.`}function ne({title:n,points:t,format:s,kind:a="bars",tone:r="accent"}){const o=Wa(Math.max(0,...t.map(u=>u.value??0))),i=ve-ee-Re,l=_e-xe-ja,p=i/Math.max(t.length,1),d=u=>xe+l-u/o*l,m=u=>ee+p*u+p/2,g=Kn(n,t,s,a),c=t.map((u,v)=>u.value===null?null:`${m(v).toFixed(1)},${d(u.value).toFixed(1)}`).filter(u=>u!==null);return e("figure",{class:`chart tone-${r}`,children:[e("figcaption",{children:n}),e("svg",{viewBox:`0 0 ${ve} ${_e}`,role:"img","aria-label":g,children:[(Number.isInteger(o/2)||a==="line"?[0,o/2,o]:[0,o]).map(u=>e("g",{class:"grid",children:[e("line",{x1:ee,x2:ve-Re,y1:d(u),y2:d(u)}),e("text",{x:ee-4,y:d(u)+4,"text-anchor":"end",children:Number.isInteger(u)?u:u.toFixed(1)})]},u)),a==="bars"?t.map((u,v)=>u.value?e("rect",{class:"mark",x:m(v)-p*.35,width:p*.7,y:d(u.value),height:xe+l-d(u.value),children:e("title",{children:`${u.label}: ${s(u.value)}`})},u.label):null):[e("polyline",{class:"line",points:c.join(" ")},"line"),...t.map((u,v)=>u.value===null?null:e("circle",{class:"mark",cx:m(v),cy:d(u.value),r:3,children:e("title",{children:`${u.label}: ${s(u.value)}`})},u.label))],t.length>0&&e("g",{class:"axis",children:[e("text",{x:ee,y:_e-6,"text-anchor":"start",children:t[0].label}),e("text",{x:ve-Re,y:_e-6,"text-anchor":"end",children:t[t.length-1].label})]})]}),e("details",{children:[e("summary",{children:["Numbers",e("span",{class:"visually-hidden",children:[" for ",n]})]}),e("table",{children:[e("caption",{class:"visually-hidden",children:n}),e("thead",{children:e("tr",{children:[e("th",{scope:"col",children:"Day"}),e("th",{scope:"col",children:n})]})}),e("tbody",{children:t.map(u=>e("tr",{children:[e("th",{scope:"row",children:u.label}),e("td",{children:u.value===null?"—":s(u.value)})]},u.label))})]})]})]})}function Ha({title:n,points:t,format:s}){const o=Math.max(1,...t.map(l=>l.value??0)),i=84/Math.max(t.length,1);return e("svg",{class:"sparkline",viewBox:"0 0 84 22",role:"img","aria-label":Kn(n,t,s,"bars"),children:[e("line",{class:"base",x1:0,x2:84,y1:22-.5,y2:22-.5}),t.map((l,p)=>l.value?e("rect",{class:"mark",x:i*p+i*.15,width:i*.7,y:21-l.value/o*20,height:l.value/o*20},l.label):null)]})}function Yn(n){return new Date(`${String(n)}T00:00:00Z`).toLocaleDateString(void 0,{day:"numeric",month:"short",timeZone:"UTC"})}const se=(n,t=`${n}s`)=>s=>`${s} ${s===1?n:t}`,Ga=864e5;function Qn(n,t,s=new Date){const a=new Map(n.map(l=>[String(l.day),l])),o=[s.toISOString().slice(0,10),...a.keys()].sort().at(-1),i=Date.parse(`${o}T00:00:00Z`);return Array.from({length:t},(l,p)=>{const d=new Date(i-(t-1-p)*Ga).toISOString().slice(0,10);return a.get(d)??{day:d,invocations:0,people:0,errors:0,timeouts:0,p95LatencyMs:null}})}function Jn({days:n,count:t}){const s=Qn(n,t),a=r=>s.map(o=>({label:Yn(o.day),value:r(o)??null}));return e("div",{class:"charts",children:[e(ne,{title:"Calls per day",points:a(r=>r.invocations),format:se("call")}),e(ne,{title:"People per day",points:a(r=>r.people),format:se("person","people")}),e(ne,{title:"Errors per day",points:a(r=>r.errors),format:se("error"),tone:"danger"}),e(ne,{title:"Timeouts per day",points:a(r=>r.timeouts),format:se("timeout"),tone:"warn"}),e(ne,{title:"p95 latency",kind:"line",points:a(r=>r.p95LatencyMs),format:r=>`${Math.round(r)} ms`})]})}function Ka(n){return n.reduce((t,s)=>({calls:t.calls+s.invocations,errors:t.errors+s.errors,timeouts:t.timeouts+s.timeouts}),{calls:0,errors:0,timeouts:0})}const Ya=b(`
  query AdminApps($days: Int!) {
    registeredApps {
      slug
      owner
      approvedVersion
      suspension {
        reason
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
    installedApps {
      slug
      name
      status
    }
  }
`),Qa=b(`
  query AdminApp($slug: String!, $days: Int!) {
    registeredApp(slug: $slug) {
      slug
      owner
      createdAt
      approvedVersion
      suspension {
        reason
        by
        since
      }
      messaging {
        quality
        delivered
        reported
        dailyCap
        promotionsPaused
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
    installedApps {
      slug
      name
      status
      installedVersion
      reason
    }
  }
`),Ja=b(`
  mutation SuspendApp($slug: String!, $reason: String!) {
    suspendApp(slug: $slug, reason: $reason) {
      slug
    }
  }
`),za=b(`
  mutation UnsuspendApp($slug: String!, $reason: String!) {
    unsuspendApp(slug: $slug, reason: $reason) {
      slug
    }
  }
`),zn={SERVING:"Serving",CODE_CHANGED:"Code changed",AWAITING_REVIEW:"Awaiting review",SUSPENDED:"Suspended",UNREGISTERED:"Unregistered"},Xa={HIGH:"High",MEDIUM:"Medium",LOW:"Low"};function Za(){const n=me(()=>S(Ya,{days:T}),[]),t=new Map(n.data?.installedApps.map(s=>[s.slug,s])??[]);return e("section",{class:"console","aria-labelledby":"apps-title",children:[e(ke,{}),e("h1",{id:"apps-title",children:"Apps and health"}),e("p",{class:"muted",children:["How each registered app is served, and its calls, errors and timeouts over the last ",T," days. Open an app for its charts and to suspend it."]}),n.error&&e("p",{class:"error",role:"alert",children:n.error}),n.data?n.data.registeredApps.length===0?e("p",{class:"empty-note",children:"No app is registered yet."}):e("div",{class:"table-scroll",children:e("table",{class:"apps-table",children:[e("caption",{class:"visually-hidden",children:["Registered apps, last ",T," days"]}),e("thead",{children:e("tr",{children:[e("th",{scope:"col",children:"App"}),e("th",{scope:"col",children:"Owner"}),e("th",{scope:"col",children:"Served"}),e("th",{scope:"col",children:"Approved"}),e("th",{scope:"col",children:"Calls per day"}),e("th",{scope:"col",class:"num",children:"Calls"}),e("th",{scope:"col",class:"num",children:"Errors"}),e("th",{scope:"col",class:"num",children:"Timeouts"})]})}),e("tbody",{children:n.data.registeredApps.map(s=>{const a=Ka(s.usage),r=t.get(s.slug);return e("tr",{class:s.suspension?"suspended":void 0,children:[e("th",{scope:"row",children:[e("a",{href:`/admin/apps/${s.slug}`,children:r?.name??s.slug})," ",e("span",{class:"muted",children:["/",s.slug]})]}),e("td",{children:s.owner}),e("td",{children:s.suspension?e("span",{class:"status status-rejected",children:"Suspended"}):r?e("span",{class:`status serving-${r.status.toLowerCase()}`,children:zn[r.status]}):e("span",{class:"muted",children:"Not installed"})}),e("td",{children:s.approvedVersion??e("span",{class:"muted",children:"none"})}),e("td",{children:e(Ha,{title:`${s.slug} calls per day`,points:Qn(s.usage,T).map(o=>({label:Yn(o.day),value:o.invocations})),format:se("call")})}),e("td",{class:"num",children:a.calls}),e("td",{class:"num",children:a.errors}),e("td",{class:"num",children:a.timeouts})]},s.slug)})})]})}):!n.error&&e("p",{class:"loading",children:"Loading the apps…"})]})}function er({slug:n}){const t=me(()=>S(Qa,{slug:n,days:T}),[n]),s=t.data?.registeredApp,a=t.data?.installedApps.find(r=>r.slug===n);return e("section",{class:"console","aria-labelledby":"app-title",children:[e(ke,{}),e("p",{class:"crumbs",children:e("a",{href:"/admin/apps",children:"All apps"})}),e("h1",{id:"app-title",children:a?.name??n}),t.error&&e("p",{class:"error",role:"alert",children:t.error}),s&&e(P,{children:[e("dl",{class:"facts",children:[e("div",{children:[e("dt",{children:"Slug"}),e("dd",{children:e("code",{children:["/",s.slug]})})]}),e("div",{children:[e("dt",{children:"Owner"}),e("dd",{children:s.owner})]}),e("div",{children:[e("dt",{children:"Approved"}),e("dd",{children:s.approvedVersion??"none"})]}),e("div",{children:[e("dt",{children:"Served"}),e("dd",{children:a?`${zn[a.status]} (installed ${a.installedVersion})`:"Not installed here"})]}),e("div",{children:[e("dt",{children:"Messaging"}),e("dd",{children:[Xa[s.messaging.quality]," quality · ",s.messaging.delivered," business messages delivered, ",s.messaging.reported," reported as spam (7 days) · may message up to"," ",s.messaging.dailyCap.toLocaleString()," people a day",s.messaging.promotionsPaused&&" · promotions paused"]})]})]}),e(nr,{slug:s.slug,suspension:s.suspension??null,onChanged:t.reload},s.slug),e("h2",{children:["Health, last ",T," days ",e("span",{class:"muted",children:"(UTC days)"})]}),e(Jn,{days:s.usage,count:T})]})]})}function nr({slug:n,suspension:t,onChanged:s}){const[a,r]=y(""),[o,i]=y(!1),[l,p]=y(null),[d,m]=y(null),g=t?"Unsuspend":"Suspend";return e("form",{class:t?"suspend is-suspended":"suspend",onSubmit:async u=>{u.preventDefault();const v=a.trim();if(!v){p(`Say why you ${g.toLowerCase()} it: the audit log keeps the reason.`),document.getElementById("suspend-reason")?.focus();return}i(!0),p(null);try{const w={slug:n,reason:v};await S(t?za:Ja,w),r(""),m(t?`${n} is served again.`:`${n} is suspended from its next call.`),await s()}catch(w){p(X(w))}finally{i(!1)}},"aria-labelledby":"suspend-title",children:[e("h2",{id:"suspend-title",children:t?"Suspended":"Serving"}),t?e("p",{children:["Suspended by ",t.by," on ",le(t.since),": “",t.reason,"”. People's commands to it are refused."]}):e("p",{class:"muted",children:"Suspending stops the app from its next call: people's commands are refused until you unsuspend it."}),e("label",{for:"suspend-reason",children:"Reason"}),e("textarea",{id:"suspend-reason",rows:2,value:a,onInput:u=>r(u.currentTarget.value),"aria-invalid":l?!0:void 0,"aria-describedby":l?"suspend-error":void 0}),l&&e("p",{class:"error",role:"alert",id:"suspend-error",children:l}),e("p",{role:"status",class:"ok",children:d}),e("button",{type:"submit",class:t?void 0:"danger",disabled:o,children:[g," ",n]})]})}const tr=b(`
  query AuditLog($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String, $subject: String) {
    auditLog(first: $first, after: $after, action: $action, app: $app, actor: $actor, subject: $subject) {
      nodes {
        id
        at
        actor
        action
        app
        version
        subject
        reason
        detail
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`),sr=20,vn={VERSION_APPROVED:"Version approved",VERSION_REJECTED:"Version rejected",APP_SUSPENDED:"App suspended",APP_UNSUSPENDED:"App unsuspended",ROLE_CHANGED:"Role changed",TOP_UP:"Top-up",DATA_EXPORTED:"Data exported",ACCOUNT_DELETED:"Account deleted"},Ee=["action","app","actor","subject"];function ar(n){return{action:n.action??"",app:n.app??"",actor:n.actor??"",subject:n.subject??""}}function rr(){const{query:n,route:t}=U(),s=ar(n),a=Ee.map(h=>s[h]).join("\0"),[r,o]=y(s),[i,l]=y(null),[p,d]=y(null),[m,g]=y(!1),[c,u]=y(null),v=async h=>{g(!0),u(null);try{const M=(await S(tr,{first:sr,after:h,action:s.action||null,app:s.app||null,actor:s.actor||null,subject:s.subject||null})).auditLog;l(q=>h&&q?[...q,...M.nodes]:M.nodes),d(M.pageInfo.hasNextPage?M.pageInfo.endCursor??null:null)}catch(A){u(X(A))}finally{g(!1)}};R(()=>{o(s),l(null),v(null)},[a]);const w=h=>{h.preventDefault();const A=new URLSearchParams;for(const q of Ee)r[q].trim()&&A.set(q,r[q].trim());const M=A.toString();t(M?`/admin/audit?${M}`:"/admin/audit")},f=h=>({value:r[h],onInput:A=>o({...r,[h]:A.currentTarget.value})}),$=Ee.some(h=>s[h]);return e("section",{class:"console","aria-labelledby":"audit-title",children:[e(ke,{}),e("h1",{id:"audit-title",children:"Audit log"}),e("form",{class:"filters",onSubmit:w,role:"search","aria-label":"Filter the audit log",children:[e("div",{children:[e("label",{for:"audit-action",children:"Action"}),e("select",{id:"audit-action",...f("action"),children:[e("option",{value:"",children:"Any action"}),Object.entries(vn).map(([h,A])=>e("option",{value:h,children:A},h))]})]}),["app","actor","subject"].map(h=>e("div",{children:[e("label",{for:`audit-${h}`,children:h[0].toUpperCase()+h.slice(1)}),e("input",{id:`audit-${h}`,...f(h),placeholder:h==="app"?"slug":"username",autocomplete:"off"})]},h)),e("div",{class:"filter-buttons",children:[e("button",{type:"submit",children:"Filter"}),$&&e("button",{type:"button",class:"quiet",onClick:()=>t("/admin/audit"),children:"Clear"})]})]}),c&&e("p",{class:"error",role:"alert",children:c}),i===null?!c&&e("p",{class:"loading",children:"Loading the audit log…"}):i.length===0?e("p",{class:"empty-note",children:$?"No entry matches these filters.":"Nothing recorded yet."}):e(P,{children:[e("div",{class:"table-scroll",children:e("table",{class:"audit-table",children:[e("caption",{class:"visually-hidden",children:["Audit entries, newest first",$?" (filtered)":""]}),e("thead",{children:e("tr",{children:[e("th",{scope:"col",children:"When"}),e("th",{scope:"col",children:"Action"}),e("th",{scope:"col",children:"App"}),e("th",{scope:"col",children:"Reason"}),e("th",{scope:"col",children:"Subject"}),e("th",{scope:"col",children:"Actor"})]})}),e("tbody",{children:i.map(h=>e("tr",{children:[e("td",{class:"nowrap",children:e("time",{dateTime:h.at,children:Na(h.at)})}),e("td",{children:e("span",{class:`action action-${h.action.toLowerCase()}`,children:vn[h.action]})}),e("td",{children:[h.app??"",h.version&&e("span",{class:"muted",children:[" ",h.version]})]}),e("td",{class:"reason",children:[h.reason??"",e(or,{detail:h.detail})]}),e("td",{children:h.subject??""}),e("td",{children:h.actor})]},h.id))})]})}),e("p",{class:"paging",children:[e("span",{class:"muted",children:[i.length," ",i.length===1?"entry":"entries"," shown"]}),p&&e("button",{type:"button",class:"quiet",disabled:m,onClick:()=>{v(p)},children:"Show older entries"})]})]})]})}function or({detail:n}){if(!n||typeof n!="object")return null;const t=Object.entries(n).filter(([,s])=>s!=null);return t.length?e("details",{class:"detail",children:[e("summary",{children:"Detail"}),e("dl",{children:t.map(([s,a])=>e("div",{children:[e("dt",{children:s.replace(/_/g," ")}),e("dd",{children:e("code",{children:typeof a=="string"?a:JSON.stringify(a)})})]},s))})]}):null}const ir={PENDING:"Pending review",APPROVED:"Approved",REJECTED:"Rejected"};function Xn({status:n}){return e("span",{class:`status status-${n.toLowerCase()}`,children:ir[n]})}const lr=b(`
  query MyApps {
    myApps {
      slug
      approvedVersion
      suspension {
        reason
      }
      versions {
        version
        status
      }
    }
  }
`),dr=b(`
  mutation RegisterApp($slug: String!) {
    registerApp(slug: $slug) {
      slug
    }
  }
`);function cr(){const n=me(()=>S(lr),[]);return e("section",{class:"console","aria-labelledby":"dev-title",children:[e("h1",{id:"dev-title",children:"My apps"}),n.error&&e("p",{class:"error",role:"alert",children:n.error}),n.data?n.data.myApps.length===0?e("p",{class:"empty-note",children:"You have no app yet: claim a slug below, then submit its manifest."}):e("ul",{class:"app-cards",children:n.data.myApps.map(t=>{const s=t.versions[0];return e("li",{children:e("a",{class:"app-card",href:`/dev/apps/${t.slug}`,children:[e("span",{class:"slug",children:["/",t.slug]}),e("span",{class:"muted",children:t.approvedVersion?`Approved ${t.approvedVersion}`:"Nothing approved yet"}),s?e("span",{children:["Newest ",s.version," ",e(Xn,{status:s.status})]}):e("span",{class:"muted",children:"No version submitted"}),t.suspension&&e("span",{class:"status status-rejected",children:"Suspended"})]})},t.slug)})}):!n.error&&e("p",{class:"loading",children:"Loading your apps…"}),e(ur,{})]})}function ur(){const{route:n}=U(),[t,s]=y(""),[a,r]=y(!1),[o,i]=y(null);return e("form",{class:"panel-form",onSubmit:async p=>{p.preventDefault(),r(!0),i(null);try{const d=await S(dr,{slug:t.trim()});n(`/dev/apps/${d.registerApp.slug}`)}catch(d){i(X(d)),r(!1)}},"aria-labelledby":"register-title",children:[e("h2",{id:"register-title",children:"Register a new app"}),e("label",{for:"new-slug",children:["Slug ",e("span",{class:"hint",children:"what people type: /slug command"})]}),e("div",{class:"inline",children:[e("input",{id:"new-slug",value:t,required:!0,autocomplete:"off",spellcheck:!1,onInput:p=>s(p.currentTarget.value),"aria-invalid":o?!0:void 0,"aria-describedby":o?"register-error":void 0}),e("button",{type:"submit",disabled:a||!t.trim(),children:"Register"})]}),o&&e("p",{class:"error",role:"alert",id:"register-error",children:o})]})}const pr=b(`
  query MyApp($slug: String!, $days: Int!) {
    registeredApp(slug: $slug) {
      slug
      owner
      approvedVersion
      suspension {
        reason
        since
      }
      versions {
        ...VersionFields
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
  }
`),mr=b(`
  mutation SubmitVersion($slug: String!, $manifest: JSON!) {
    submitAppVersion(slug: $slug, manifest: $manifest) {
      version
      status
    }
  }
`);function hr({slug:n}){const t=me(()=>S(pr,{slug:n,days:T}),[n]),s=t.data?.registeredApp;return e("section",{class:"console","aria-labelledby":"dev-app-title",children:[e("p",{class:"crumbs",children:e("a",{href:"/dev/apps",children:"My apps"})}),e("h1",{id:"dev-app-title",children:["/",n]}),t.error&&e("p",{class:"error",role:"alert",children:t.error}),s&&e(P,{children:[s.suspension&&e("p",{class:"notice",role:"note",children:["Suspended by an admin on ",le(s.suspension.since),": “",s.suspension.reason,"”. People's commands are refused until it is unsuspended."]}),e("h2",{children:"Versions"}),s.versions.length?e("ol",{class:"versions",children:s.versions.map(a=>e(gr,{version:a},a.version))}):e("p",{class:"empty-note",children:"No version submitted yet."}),e(fr,{slug:n,newest:s.versions[0]??null,onSubmitted:t.reload},n),e("h2",{children:["Use, last ",T," days ",e("span",{class:"muted",children:"(UTC days)"})]}),e(Jn,{days:s.usage,count:T})]})]})}function gr({version:n}){const t=Gn(n.diff);return e("li",{class:`version status-row-${n.status.toLowerCase()}`,children:[e("h3",{children:[n.version," ",e(Xn,{status:n.status}),n.revision>1&&e("span",{class:"muted",children:[" revision ",n.revision]})]}),e("p",{class:"muted",children:["Submitted by ",n.submittedBy," on ",le(n.submittedAt),n.decidedBy&&n.decidedAt&&` · decided by ${n.decidedBy} on ${le(n.decidedAt)}`]}),n.reason&&e("p",{class:"verdict",children:[e("span",{class:"label",children:"Reason:"})," ",n.reason]}),n.diff.against&&t.length>0&&e("details",{children:[e("summary",{children:["What changed since ",n.diff.against]}),e("ul",{children:t.map(s=>e("li",{children:s},s))})]}),e("details",{children:[e("summary",{children:["Commands, actions and scopes",e("span",{class:"visually-hidden",children:[" of ",n.version]})]}),e(Ve,{version:n})]})]})}function fr({slug:n,newest:t,onSubmitted:s}){const[a,r]=y(""),[o,i]=y(!1),[l,p]=y(null),[d,m]=y([]),[g,c]=y(null);return e("form",{class:"panel-form",onSubmit:async v=>{v.preventDefault(),p(null),m([]),c(null);let w;try{w=JSON.parse(a)}catch(f){p(`This is not JSON: ${X(f)}`);return}i(!0);try{const $=(await S(mr,{slug:n,manifest:w})).submitAppVersion;r(""),c(`Submitted ${$.version}: it waits for an admin's review.`),await s()}catch(f){p(X(f));const $=f instanceof x?f.extensions.problems:void 0;m(Array.isArray($)?$.map(String):[])}finally{i(!1)}},"aria-labelledby":"submit-title",children:[e("h2",{id:"submit-title",children:"Submit a version"}),e("label",{for:"manifest",children:["Manifest (JSON) ",e("span",{class:"hint",children:["what ",e("code",{children:"souq-sdk check"})," prints"]})]}),e("textarea",{id:"manifest",class:"code",rows:10,spellcheck:!1,value:a,onInput:v=>r(v.currentTarget.value),"aria-invalid":l?!0:void 0,"aria-describedby":l?"manifest-error":void 0}),l&&e("div",{class:"error",role:"alert",id:"manifest-error",children:d.length>0?e(P,{children:[e("p",{children:"The manifest is not valid:"}),e("ul",{children:d.map(v=>e("li",{children:v},v))})]}):e("p",{children:l})}),e("p",{role:"status",class:"ok",children:g}),e("div",{class:"actions",children:[e("button",{type:"submit",disabled:o||!a.trim(),children:"Submit for review"}),t&&!a.trim()&&e("button",{type:"button",class:"quiet",onClick:()=>{r(JSON.stringify(t.manifest,null,2)),document.getElementById("manifest")?.focus()},children:["Start from ",t.version,"'s manifest"]})]})]})}const yr=[{href:"/chats",label:"Chats"},{href:"/wallet",label:"Wallet"},{href:"/settings",label:"Settings"},{href:"/dev/apps",label:"My apps",roles:["DEVELOPER","ADMIN"]},{href:"/admin/review",label:"Admin",roles:["ADMIN"],prefix:"/admin"}];function vr({session:n,onSignOut:t}){const{path:s}=U();return e("header",{class:"topbar",children:[e("a",{class:"skip",href:"#main",children:"Skip to content"}),e("span",{class:"brand",children:"souq"}),e("nav",{"aria-label":"Sections",children:e("ul",{children:yr.filter(a=>!a.roles||a.roles.includes(n.role)).map(a=>e("li",{children:e("a",{href:a.href,"aria-current":s.startsWith(a.prefix??a.href)?"page":void 0,children:a.label})},a.href))})}),e("span",{class:"who",children:n.username}),e("button",{type:"button",class:"quiet",onClick:t,children:"Sign out"})]})}function _r(){const[n,t]=y(void 0),[s,a]=y(null),r=()=>{Y.stop(),bt(),t(null)};R(()=>(gt().then(t,i=>a(String(i.message??i))),window.addEventListener(Be,r),()=>window.removeEventListener(Be,r)),[]);const o=async()=>{await Un(),r()};return s?e("p",{class:"fatal",role:"alert",children:s}):n===void 0?e("p",{class:"loading",children:"Loading…"}):e(pe,{children:n===null?e(Fs,{onSignedIn:t}):e(br,{session:n,onSignOut:o})})}function br({session:n,onSignOut:t}){const{path:s,route:a}=U();return R(()=>{(s==="/"||s==="/signin")&&a("/chats",!0)},[s]),e("div",{class:"shell",children:[e(vr,{session:n,onSignOut:t}),e("main",{id:"main",class:"page",children:e(Ln,{children:[e(E,{path:"/chats",component:yn}),e(E,{path:"/chats/:id",component:yn}),e(E,{path:"/wallet",component:Aa}),e(E,{path:"/settings",component:Ma}),e(E,{path:"/admin",component:_n,to:"/admin/review"}),e(E,{path:"/admin/review",component:Ba}),e(E,{path:"/admin/apps",component:Za}),e(E,{path:"/admin/apps/:slug",component:er}),e(E,{path:"/admin/audit",component:rr}),e(E,{path:"/dev",component:_n,to:"/dev/apps"}),e(E,{path:"/dev/apps",component:cr}),e(E,{path:"/dev/apps/:slug",component:hr}),e(E,{default:!0,component:_a})]})})]})}function _n({to:n}){const{route:t}=U();return R(()=>t(n,!0),[n]),null}ot(e(_r,{}),document.getElementById("app"));
